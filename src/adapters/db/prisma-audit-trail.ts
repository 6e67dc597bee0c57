import { z } from 'zod';
import { readAuditAction } from '../../domain/audit/audit-action.ts';
import { actorLabel, parseActorLabel } from '../../domain/request/request.ts';
import type { AuditQuery, AuditRecord, AuditTrail } from '../../app/ports/audit.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { StoredRowError } from './stored-row-error.ts';

const MAX_LIMIT = 1000;
const CURSOR = /^[0-9]{1,19}$/;

/** The audit trail read from the `AuditEntry` table (PostgreSQL, through Prisma). */
export class PrismaAuditTrail implements AuditTrail {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_LIMIT) {
      throw new RangeError(`an audit query reads 1 to ${MAX_LIMIT} entries, not ${query.limit}`);
    }
    if (query.after !== undefined && !CURSOR.test(query.after)) throw new RangeError('an audit cursor is the id of an entry (decimal digits)');
    const where: Prisma.AuditEntryWhereInput = {
      ...(query.requestId === undefined ? {} : { requestId: query.requestId }),
      ...(query.actor === undefined ? {} : { actor: actorLabel(query.actor) }),
      ...(query.after === undefined ? {} : { id: { gt: BigInt(query.after) } }),
      ...(query.from === undefined && query.to === undefined ? {} : { at: { ...(query.from && { gte: query.from }), ...(query.to && { lt: query.to }) } }),
    };
    // In the order written (the id): a cursor then never skips an entry whose `at` was stamped
    // earlier than a neighbour's (a use-case stamps before a slow Defender call).
    const rows = await this.prisma.auditEntry.findMany({ where, orderBy: { id: 'asc' }, take: query.limit });
    return rows.map(toAuditRecord);
  }
}

type AuditRow = Awaited<ReturnType<PrismaClient['auditEntry']['findFirstOrThrow']>>;

function toAuditRecord(row: AuditRow): AuditRecord {
  // Rows of earlier releases keep their flat names (the table is append-only) and read as today's.
  const action = readAuditAction(row.action);
  if (action === null) throw new StoredRowError('AuditEntry', row.requestId, `action: "${row.action}" is not an audit action Unblock writes`);
  const actor = parseActorLabel(row.actor);
  if (!actor) throw new StoredRowError('AuditEntry', row.requestId, `actor: "${row.actor}" is neither slack:… nor system:…`);
  const details = z.record(z.string(), z.unknown()).safeParse(row.details);
  if (!details.success) throw new StoredRowError('AuditEntry', row.requestId, 'details: not a JSON object');
  return {
    id: row.id.toString(),
    requestId: row.requestId,
    at: row.at,
    actor,
    action,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    details: details.data,
  };
}
