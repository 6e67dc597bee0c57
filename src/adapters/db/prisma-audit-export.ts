import { readAuditAction } from '../../domain/audit/audit-action.ts';
import type { AuditExportQuery, AuditExportReader, AuditExportRow } from '../../app/ports/audit-export.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';

const MAX_LIMIT = 1000;

/** The columns of the request an export row carries, read in the same statement as the entry. */
export const EXPORT_INCLUDE = {
  request: {
    select: {
      number: true,
      targetValue: true,
      indicatorType: true,
      requesterId: true,
      decision: { select: { outcome: true, rbacGroupNames: true } },
    },
  },
} as const satisfies Prisma.AuditEntryInclude;

/** An AuditEntry row with EXPORT_INCLUDE. */
export type ExportedEntry = Prisma.AuditEntryGetPayload<{ include: typeof EXPORT_INCLUDE }>;

/**
 * The joined audit trail read from PostgreSQL through Prisma: one statement per page (the request
 * and its decision come in by LATERAL join, the relationJoins preview feature), keyset-paged on
 * (at, id) over the index AuditEntry(at, id).
 */
export class PrismaAuditExport implements AuditExportReader {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  async page(query: AuditExportQuery): Promise<AuditExportRow[]> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_LIMIT) {
      throw new RangeError(`an audit export page reads 1 to ${MAX_LIMIT} entries, not ${query.limit}`);
    }
    const after = query.after;
    const where: Prisma.AuditEntryWhereInput = {
      at: { gte: query.since, ...(query.until && { lt: query.until }) },
      // (at, id) > (after.at, after.id), spelled so the (at, id) index serves it.
      ...(after && { AND: [{ at: { gte: after.at } }, { OR: [{ at: { gt: after.at } }, { id: { gt: BigInt(after.id) } }] }] }),
    };
    const rows = await this.prisma.auditEntry.findMany({
      where,
      include: EXPORT_INCLUDE,
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: query.limit,
      relationLoadStrategy: 'join',
    });
    return rows.map(toExportRow);
  }
}

/** An entry and its request as the export shows them (see AuditExportRow). */
export function toExportRow(row: ExportedEntry): AuditExportRow {
  return {
    id: row.id.toString(),
    at: row.at,
    requestId: row.requestId,
    requestNumber: row.request.number,
    target: row.request.targetValue,
    indicatorType: row.request.indicatorType,
    scope: scopeRecordedBy(row.details),
    requester: row.request.requesterId,
    actor: row.actor,
    action: readAuditAction(row.action) ?? row.action,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    details: row.details,
  };
}

/**
 * The device groups an entry itself records, as they were when it was written: `rbacGroupNames` of
 * an approval, an activation or a decision (`[]`: every device), or `after` of a scope change; null
 * for an entry that records none. Never the request's scope today: an approval later widened by a
 * scope change must read as what its approvers approved.
 */
export function scopeRecordedBy(details: unknown): readonly string[] | null {
  if (details === null || typeof details !== 'object') return null;
  const { rbacGroupNames, after } = details as { rbacGroupNames?: unknown; after?: unknown };
  const groups = Array.isArray(rbacGroupNames) ? rbacGroupNames : Array.isArray(after) ? after : null;
  return groups !== null && groups.every((g): g is string => typeof g === 'string') ? groups : null;
}
