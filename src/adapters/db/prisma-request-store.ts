import { readEvidenceSummary } from './stored-evidence.ts';
import { actorLabel, isOpen, type Reporter, type RequestStatus, type UnblockRequest } from '../../domain/request/request.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';
import type { AuditDetails } from '../../app/ports/audit.ts';
import type { LifecycleChanges, NewRequest, TransitionRecord } from '../../app/ports/request-records.ts';
import type { RequestStore } from '../../app/ports/request-store.ts';
import type { EvidenceRecord, RequestView } from '../../app/ports/request-view.ts';
import { DUE_AT_ONCE } from '../../domain/lifecycle/next-due-at.ts';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { AuditActionSchema } from './audit-action-schema.ts';
import { toRequest, toView } from './request-mapper.ts';

type Tx = Prisma.TransactionClient;

/** Written with every change to what a request owes the reconciler: due now, and any plan computed before is stale. */
const REPLAN = { nextDueAt: DUE_AT_ONCE, planVersion: { increment: 1 } } as const;

const openKeyOf = (target: IndicatorTarget): string => `${target.type}:${target.value}`;
/** The relations a RequestView is read with (toView). */
export const WITH_RELATIONS = {
  reporters: { orderBy: { reportedAt: 'asc' } },
  evidence: true,
  decision: true,
  approvals: { orderBy: { at: 'asc' } },
  indicator: true,
  extensions: { orderBy: { at: 'asc' } },
  lifecycle: true,
} as const;

/** RequestStore on PostgreSQL (server or PGlite) through Prisma. */
export class PrismaRequestStore implements RequestStore {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  async openRequest(input: NewRequest, details: AuditDetails): Promise<UnblockRequest | null> {
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        const created = await tx.unblockRequest.create({
          data: {
            id: input.id,
            status: 'investigating',
            indicatorType: input.target.type,
            targetValue: input.target.value,
            openKey: openKeyOf(input.target),
            reportedTarget: input.reportedTarget,
            coversSubdomains: input.coversSubdomains,
            dryRun: input.dryRun ?? false,
            requesterId: input.requesterId,
            reason: input.reason,
            createdAt: input.at,
            updatedAt: input.at,
            reporters: { create: { userId: input.requesterId, reason: input.reason, reportedAt: input.at } },
          },
        });
        await audit(tx, input.id, details, null, 'investigating');
        return created;
      });
      return toRequest(row);
    } catch (error) {
      // P2002: the target already has an open request (unique openKey).
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }

  async findOpenByTarget(target: IndicatorTarget): Promise<UnblockRequest | null> {
    const row = await this.prisma.unblockRequest.findUnique({ where: { openKey: openKeyOf(target) } });
    return row && toRequest(row);
  }

  async get(id: string): Promise<UnblockRequest | null> {
    const row = await this.prisma.unblockRequest.findUnique({ where: { id } });
    return row && toRequest(row);
  }

  async view(id: string): Promise<RequestView | null> {
    const row = await this.prisma.unblockRequest.findUnique({ where: { id }, include: WITH_RELATIONS });
    return row && toView(row);
  }

  async addReporter(requestId: string, reporter: Reporter, details: AuditDetails): Promise<boolean> {
    const { count } = await this.prisma.reporter.createMany({
      data: [{ requestId, userId: reporter.userId, reason: reporter.reason, reportedAt: reporter.reportedAt }],
      skipDuplicates: true,
    });
    if (count > 0) {
      await audit(this.prisma, requestId, details);
    }
    return count > 0;
  }

  async saveEvidence(requestId: string, evidence: EvidenceRecord, details: AuditDetails): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.evidence.create({
        data: {
          requestId,
          outcome: evidence.outcome,
          collectedAt: evidence.collectedAt,
          lookback: evidence.lookback,
          summary: evidence.summary as unknown as Prisma.InputJsonValue,
          error: evidence.error,
          // Dates become ISO-8601 UTC strings in JSON; readExistingIndicators reads them back.
          existingIndicators: evidence.existingIndicators === null ? Prisma.DbNull : (JSON.parse(JSON.stringify(evidence.existingIndicators)) as Prisma.InputJsonValue),
        },
      });
      await audit(tx, requestId, details);
    });
  }

  async widenDeviceGroups(input: Parameters<RequestStore['widenDeviceGroups']>[0]): Promise<boolean> {
    const { id, from } = input;
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.unblockRequest.updateMany({
        where: { id, status: from.status, version: from.version },
        data: { version: { increment: 1 }, updatedAt: input.audit.at },
      });
      if (count === 0) return false;
      // Read inside the compare-and-set's transaction: nobody else writes the evidence meanwhile.
      const row = await tx.evidence.findUniqueOrThrow({ where: { requestId: id } });
      const summary = { ...readEvidenceSummary(id, row.summary), blockedDeviceGroups: input.groups };
      await tx.evidence.update({ where: { requestId: id }, data: { summary: summary as unknown as Prisma.InputJsonValue } });
      await audit(tx, id, input.audit, from.status, from.status);
      return true;
    });
  }

  async proposeScopeChange(input: Parameters<RequestStore['proposeScopeChange']>[0]): Promise<boolean> {
    const { id, from } = input;
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.unblockRequest.updateMany({
        where: { id, status: from.status, version: from.version },
        data: {
          version: { increment: 1 },
          updatedAt: input.audit.at,
          scopeChangeOpenedAt: input.openedAt,
          scopeChangeGroups: [...input.groups],
          scopeChangeReporters: [...input.reporterIds],
          // A new proposal gets a message of its own: the previous one's place is forgotten.
          ...(input.widensOpen ? {} : { scopeChangeChannelId: null, scopeChangeMessageTs: null }),
        },
      });
      if (count === 0) return false;
      await audit(tx, id, input.audit, from.status, from.status);
      return true;
    });
  }

  async closeScopeChange(input: Parameters<RequestStore['closeScopeChange']>[0]): Promise<boolean> {
    const { id, from, newScope } = input;
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.unblockRequest.updateMany({
        where: { id, status: from.status, version: from.version, scopeChangeOpenedAt: { not: null } },
        data: { version: { increment: 1 }, updatedAt: input.audit.at, scopeChangeOpenedAt: null, scopeChangeGroups: [], scopeChangeReporters: [] },
      });
      if (count === 0) return false;
      if (newScope) {
        await tx.allowIndicator.update({ where: { requestId: id }, data: { rbacGroupNames: [...newScope] } });
        await tx.decision.update({ where: { requestId: id }, data: { rbacGroupNames: [...newScope] } });
      }
      await audit(tx, id, input.audit, from.status, from.status);
      return true;
    });
  }

  async transition(input: Parameters<RequestStore['transition']>[0]): Promise<UnblockRequest | null> {
    const { id, from, to, record } = input;
    return this.prisma.$transaction(async (tx) => {
      // The compare-and-set and the row as it now is, in one statement (UPDATE … RETURNING).
      const [moved] = await tx.unblockRequest.updateManyAndReturn({
        where: { id, status: from.status, version: from.version },
        data: {
          status: to,
          version: { increment: 1 },
          updatedAt: input.audit.at,
          // A closed request's open scope change closes with it (its message keeps its place, for the update).
          ...(isOpen(to)
            ? {}
            : { openKey: null, closedAt: input.audit.at, closedBy: actorLabel(input.audit.actor), scopeChangeOpenedAt: null, scopeChangeGroups: [], scopeChangeReporters: [] }),
        },
      });
      if (!moved) return null;
      await writeRecord(tx, id, record);
      // What the reconciler owes changes with the status: plan again, or never once closed.
      await tx.lifecycle.updateMany({ where: { requestId: id }, data: isOpen(to) ? REPLAN : { nextDueAt: null, planVersion: { increment: 1 } } });
      await audit(tx, id, input.audit, from.status, to);
      return toRequest(moved);
    });
  }

  async recordApproval(input: Parameters<RequestStore['recordApproval']>[0]): Promise<boolean> {
    const { id, from, approval } = input;
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.unblockRequest.updateMany({
        where: { id, status: from.status, version: from.version },
        data: { version: { increment: 1 }, updatedAt: input.audit.at },
      });
      if (count === 0) return false;
      await tx.approval.create({ data: { requestId: id, ...approval, rbacGroupNames: [...approval.rbacGroupNames] } });
      await audit(tx, id, input.audit, from.status, from.status);
      return true;
    });
  }

  async appendAudit(requestId: string, details: AuditDetails): Promise<void> {
    await audit(this.prisma, requestId, details);
  }

  countReportsSince(userId: string, since: Date): Promise<number> {
    return this.prisma.reporter.count({ where: { userId, reportedAt: { gte: since } } });
  }

  countOpenRequestsOf(userId: string): Promise<number> {
    return this.prisma.unblockRequest.count({ where: { requesterId: userId, openKey: { not: null } } });
  }

  async staleInvestigations(before: Date, limit: number): Promise<RequestView[]> {
    const rows = await this.prisma.unblockRequest.findMany({
      where: { status: 'investigating', updatedAt: { lt: before } },
      orderBy: { updatedAt: 'asc' },
      take: limit,
      include: WITH_RELATIONS,
    });
    return rows.map(toView);
  }

  async dueForReconcile(now: Date, limit: number): Promise<RequestView[]> {
    // The index on nextDueAt picks the due few; their views are read by id afterwards.
    const due = await this.prisma.lifecycle.findMany({
      where: { nextDueAt: { lte: now } },
      orderBy: [{ nextDueAt: 'asc' }, { requestId: 'asc' }],
      take: limit,
      select: { requestId: true },
    });
    if (due.length === 0) return [];
    const rows = await this.prisma.unblockRequest.findMany({
      where: { id: { in: due.map((d) => d.requestId) }, status: { in: ['approved', 'active'] } },
      include: WITH_RELATIONS,
    });
    const order = new Map(due.map((d, i) => [d.requestId, i]));
    return rows.map(toView).sort((a, b) => order.get(a.request.id)! - order.get(b.request.id)!);
  }

  async undecidedDue(cutoffs: { readonly escalateIfReportedBy: Date; readonly expireIfReportedBy: Date }, limit: number): Promise<RequestView[]> {
    const { escalateIfReportedBy, expireIfReportedBy } = cutoffs;
    const latest = escalateIfReportedBy > expireIfReportedBy ? escalateIfReportedBy : expireIfReportedBy;
    // timestamptz against instants: the server's time zone plays no part. The range on the index
    // (status, createdAt) bounds the scan to requests waiting longer than the earlier cutoff.
    const rows = await this.prisma.unblockRequest.findMany({
      where: {
        status: 'pending_approval',
        createdAt: { lte: latest },
        OR: [{ createdAt: { lte: expireIfReportedBy } }, { createdAt: { lte: escalateIfReportedBy }, escalatedAt: null }],
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit,
      include: WITH_RELATIONS,
    });
    return rows.map(toView);
  }

  async planNextDue(requestId: string, planVersion: number, at: Date | null): Promise<boolean> {
    const { count } = await this.prisma.lifecycle.updateMany({ where: { requestId, planVersion }, data: { nextDueAt: at } });
    return count === 1;
  }

  async claimLease(requestId: string, owner: string, now: Date, until: Date): Promise<boolean> {
    const { count } = await this.prisma.lifecycle.updateMany({
      where: { requestId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseOwner: owner, leaseUntil: until },
    });
    return count === 1;
  }

  async releaseLease(requestId: string, owner: string): Promise<void> {
    await this.prisma.lifecycle.updateMany({ where: { requestId, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
  }

  async updateLifecycle(requestId: string, changes: LifecycleChanges, details?: AuditDetails): Promise<void> {
    const { reminder, ...fields } = changes;
    const data = {
      ...fields,
      ...(reminder === undefined ? {} : { reminderChannelId: reminder?.channelId ?? null, reminderMessageTs: reminder?.ts ?? null }),
    };
    await this.prisma.$transaction(async (tx) => {
      await tx.lifecycle.upsert({ where: { requestId }, create: { requestId, ...data, nextDueAt: DUE_AT_ONCE }, update: { ...data, ...REPLAN } });
      if (details) await audit(tx, requestId, details);
    });
  }

  async claimReminder(requestId: string, allowEnd: Date): Promise<boolean> {
    const { count } = await this.prisma.lifecycle.updateMany({
      where: { requestId, OR: [{ reminderSentFor: null }, { reminderSentFor: { not: allowEnd } }] },
      data: { reminderSentFor: allowEnd, ...REPLAN },
    });
    return count === 1;
  }

  async claimEscalation(requestId: string, now: Date, until: Date): Promise<boolean> {
    const { count } = await this.prisma.unblockRequest.updateMany({
      where: { id: requestId, status: 'pending_approval', escalatedAt: null, OR: [{ escalationClaimUntil: null }, { escalationClaimUntil: { lt: now } }] },
      data: { escalationClaimUntil: until },
    });
    return count === 1;
  }

  async recordEscalation(requestId: string, details: AuditDetails): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.unblockRequest.updateMany({ where: { id: requestId, escalatedAt: null }, data: { escalatedAt: details.at, escalationClaimUntil: null } });
      if (count === 0) return false;
      await audit(tx, requestId, details);
      return true;
    });
  }

  async extend(input: Parameters<RequestStore['extend']>[0]): Promise<boolean> {
    const { id, from, extension } = input;
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.unblockRequest.updateMany({
        where: { id, status: from.status, version: from.version },
        data: { version: { increment: 1 }, updatedAt: input.audit.at },
      });
      if (count === 0) return false;
      await tx.extension.create({ data: { requestId: id, ...extension } });
      await tx.allowIndicator.update({ where: { requestId: id }, data: { defenderId: input.indicator.defenderId, expiresAt: input.indicator.expiresAt } });
      await tx.lifecycle.updateMany({ where: { requestId: id }, data: REPLAN });
      await audit(tx, id, input.audit, from.status, from.status);
      return true;
    });
  }
}

async function writeRecord(tx: Tx, requestId: string, record: TransitionRecord): Promise<void> {
  if (record.event === 'approved' || record.event === 'denied') {
    const { indicator, ...decision } = record.decision;
    await tx.decision.create({
      data: { requestId, ...decision, rbacGroupNames: [...decision.rbacGroupNames], indicatorType: indicator?.type ?? null, indicatorValue: indicator?.value ?? null },
    });
    if (record.event === 'approved') {
      await tx.approval.create({ data: { requestId, ...record.approval, rbacGroupNames: [...record.approval.rbacGroupNames] } });
      const lease = record.lease && { leaseOwner: record.lease.owner, leaseUntil: record.lease.until };
      await tx.lifecycle.create({ data: { requestId, nextDueAt: DUE_AT_ONCE, ...lease } });
    }
  } else if (record.event === 'indicator_active') {
    const { target, ...indicator } = record.indicator;
    await tx.allowIndicator.create({
      data: { requestId, indicatorType: target.type, indicatorValue: target.value, ...indicator, rbacGroupNames: [...indicator.rbacGroupNames] },
    });
  }
}

function audit(db: Tx | PrismaClient, requestId: string, details: AuditDetails, fromStatus: RequestStatus | null = null, toStatus: RequestStatus | null = null) {
  return db.auditEntry.create({
    data: {
      requestId,
      at: details.at,
      actor: actorLabel(details.actor),
      // The closed vocabulary holds at run time too: the audit export relies on it.
      action: AuditActionSchema.parse(details.action),
      fromStatus,
      toStatus,
      details: (details.details ?? {}) as Prisma.InputJsonValue,
    },
  });
}
