import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../domain/audit/audit-action.ts';

/** The closed audit vocabulary (AUDIT_ACTIONS), checked on every write: the audit export relies on it. */
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
