import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, LEGACY_AUDIT_ACTIONS, isAuditAction, readAuditAction } from './audit-action.ts';

describe('the audit vocabulary', () => {
  it('is namespaced: every action is <subject>.<what happened>', () => {
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^(request|allow|reminder)\.[a-z_]+$/);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });

  it.each([
    ['request.approved', 'request.approved'],
    ['approved', 'request.approved'],
    ['let_expire', 'allow.expiry_accepted'],
    ['indicator_removed_after_race', 'allow.removed_after_race'],
    ['granted_everything', null],
    ['toString', null],
    ['', null],
  ])('reads the stored name %j as %j', (stored, action) => {
    expect(readAuditAction(stored)).toBe(action);
  });

  it('maps every legacy name onto the current vocabulary, and accepts nothing else as current', () => {
    for (const action of Object.values(LEGACY_AUDIT_ACTIONS)) expect(isAuditAction(action)).toBe(true);
    for (const legacy of Object.keys(LEGACY_AUDIT_ACTIONS)) expect(isAuditAction(legacy)).toBe(false);
  });
});
