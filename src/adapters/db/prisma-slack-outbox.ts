import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type * as Rows from '../../generated/prisma/client.ts';
import {
  OUTBOX_PRIORITY,
  type Delivery,
  type LanePace,
  type NewOutboxMessage,
  type OutboxKind,
  type OutboxMessage,
  type OutboxStore,
  type SlackPayload,
} from '../slack/outbox/outbox-store.ts';

const claimable = (now: Date) => ({ OR: [{ claimUntil: null }, { claimUntil: { lt: now } }] });
const isClaimable = (row: Rows.SlackMessage, now: Date) => row.claimUntil === null || row.claimUntil < now;
/**
 * Kinds that need no order among a request's messages: rendered from the request as it is when sent
 * (coalesced: approval refreshes, reporters notes, App Home publishes), or DMs, each to someone else (one that cannot be delivered never holds up the rest).
 */
const ORDER_FREE: Rows.SlackMessageKind[] = ['approval_refresh', 'reporters_note', 'direct_message', 'home_refresh'];

/** The Slack outbox on PostgreSQL (server or PGlite) through Prisma; see OutboxStore. */
export class PrismaSlackOutbox implements OutboxStore {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  async enqueue(messages: readonly NewOutboxMessage[], now: Date): Promise<void> {
    const rows = messages.map((m) => toRow(m, now));
    for (const row of rows) {
      if (row.coalesceKey === null) continue;
      // A change that needs a waiting coalesced message sooner (a decision after a join) pulls it forward.
      if (row.notBefore.getTime() === now.getTime()) {
        await this.prisma.slackMessage.updateMany({ where: { coalesceKey: row.coalesceKey, notBefore: { gt: row.notBefore } }, data: { notBefore: row.notBefore } });
      }
      // Someone opened their Home while a background refresh of it waits: that one goes ahead now,
      // instead of a second publish queued behind it. Compare-and-set on the key, which a claim clears
      // (then the insert below queues a new one at this priority).
      if (row.priority > OUTBOX_PRIORITY.background) {
        await this.prisma.slackMessage.updateMany({ where: { coalesceKey: row.coalesceKey, priority: { lt: row.priority } }, data: { priority: row.priority } });
      }
    }
    // One statement, so all or nothing (an approval message is never queued without its detail);
    // a coalesced message whose key already waits unclaimed is skipped (ON CONFLICT DO NOTHING).
    await this.prisma.slackMessage.createMany({ data: rows, skipDuplicates: true });
  }

  async dueLanes(now: Date): Promise<string[]> {
    // GROUP BY in the database (findMany's `distinct` would read every waiting row into memory).
    const lanes = await this.prisma.slackMessage.groupBy({ by: ['lane'], where: { state: 'pending', notBefore: { lte: now }, ...claimable(now) } });
    return lanes.map((l) => l.lane);
  }

  async claimNext(lane: string, owner: string, now: Date, until: Date): Promise<OutboxMessage | null> {
    const skipped: string[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const candidate = await this.prisma.slackMessage.findFirst({
        where: { state: 'pending', lane, notBefore: { lte: now }, ...claimable(now), ...(skipped.length ? { NOT: { requestId: { in: skipped } } } : {}) },
        orderBy: [{ priority: 'desc' }, { notBefore: 'asc' }, { id: 'asc' }],
      });
      if (!candidate) return null;
      const next = await this.firstInItsThread(candidate);
      if (next.notBefore > now || !isClaimable(next, now)) {
        // An earlier message of the same request waits (a retry, a pause): the request's thread waits with it.
        skipped.push(candidate.requestId!);
        continue;
      }
      const { count } = await this.prisma.slackMessage.updateMany({
        where: { id: next.id, state: 'pending', ...claimable(now) },
        data: { claimOwner: owner, claimUntil: until, coalesceKey: null },
      });
      if (count === 1) return toMessage(next);
    }
    return null;
  }

  /**
   * A request's messages in one lane go out in the order queued (the detail before the decision
   * note, the reminder before its settling); the order-free kinds (approval update and reporters
   * note, which show the state when sent; DMs) neither wait nor hold anything up.
   */
  private async firstInItsThread(candidate: Rows.SlackMessage): Promise<Rows.SlackMessage> {
    if (candidate.requestId === null || ORDER_FREE.includes(candidate.kind)) return candidate;
    const earlier = await this.prisma.slackMessage.findFirst({
      where: { state: 'pending', lane: candidate.lane, requestId: candidate.requestId, id: { lt: candidate.id }, kind: { notIn: ORDER_FREE } },
      orderBy: { id: 'asc' },
    });
    return earlier ?? candidate;
  }

  async takeSlot(lane: string, now: Date, pace: LanePace): Promise<number> {
    const allowanceMs = pace.burst * pace.intervalMs;
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.prisma.slackLane.findUnique({ where: { lane } });
      if (!row) {
        await this.prisma.slackLane.createMany({ data: [{ lane, tat: now }], skipDuplicates: true });
        continue;
      }
      const ahead = row.tat.getTime() - now.getTime();
      if (ahead > allowanceMs) return ahead - allowanceMs;
      const tat = new Date(Math.max(row.tat.getTime(), now.getTime()) + pace.intervalMs);
      const { count } = await this.prisma.slackLane.updateMany({ where: { lane, tat: row.tat }, data: { tat } });
      if (count === 1) return 0;
    }
    // Other replicas are sending on this lane right now: let them.
    return pace.intervalMs;
  }

  async pauseLane(lane: string, until: Date, pace: LanePace): Promise<void> {
    // GCRA sends while tat ≤ now + allowance, so tat = until + allowance holds everyone until `until`.
    const tat = new Date(until.getTime() + pace.burst * pace.intervalMs);
    await this.prisma.slackLane.upsert({ where: { lane }, create: { lane, tat }, update: {} });
    await this.prisma.slackLane.updateMany({ where: { lane, tat: { lt: tat } }, data: { tat } });
  }

  async delivered(message: OutboxMessage, at: Date, delivery: Delivery): Promise<void> {
    const { ref } = delivery;
    await this.prisma.$transaction(async (tx) => {
      await tx.slackMessage.update({
        where: { id: message.id },
        data: { state: 'delivered', deliveredAt: at, channelId: ref?.channelId ?? null, ts: ref?.ts ?? null, claimOwner: null, claimUntil: null },
      });
      const requestId = message.requestId;
      if (requestId === null) return;
      if (message.kind === 'approval_message' && ref) {
        await tx.unblockRequest.updateMany({ where: { id: requestId, approvalMessageTs: null }, data: { approvalChannelId: ref.channelId, approvalMessageTs: ref.ts } });
      }
      if (message.kind === 'reminder' && ref) {
        await tx.lifecycle.updateMany({ where: { requestId }, data: { reminderChannelId: ref.channelId, reminderMessageTs: ref.ts } });
      }
      if (message.kind === 'scope_change' && ref) {
        await tx.unblockRequest.updateMany({ where: { id: requestId }, data: { scopeChangeChannelId: ref.channelId, scopeChangeMessageTs: ref.ts } });
      }
      if (delivery.namedReporterIds && delivery.namedReporterIds.length > 0) {
        await tx.reporter.updateMany({ where: { requestId, userId: { in: [...delivery.namedReporterIds] }, announcedAt: null }, data: { announcedAt: at } });
      }
    });
  }

  async defer(message: OutboxMessage, at: Date): Promise<void> {
    await this.prisma.slackMessage.update({ where: { id: message.id }, data: { notBefore: at, claimOwner: null, claimUntil: null } });
  }

  async retryLater(message: OutboxMessage, input: { retryAt: Date; error: string; alertedAt?: Date }): Promise<void> {
    await this.prisma.slackMessage.update({
      where: { id: message.id },
      data: {
        notBefore: input.retryAt,
        attempts: { increment: 1 },
        lastError: input.error,
        claimOwner: null,
        claimUntil: null,
        ...(input.alertedAt ? { overdueAlertedAt: input.alertedAt } : {}),
      },
    });
  }

  async dead(message: OutboxMessage, at: Date, error: string): Promise<void> {
    await this.prisma.slackMessage.update({ where: { id: message.id }, data: { state: 'dead', deliveredAt: at, lastError: error, claimOwner: null, claimUntil: null } });
  }

  async hasPending(requestId: string, kind: OutboxKind): Promise<boolean> {
    return (await this.prisma.slackMessage.count({ where: { requestId, kind, state: 'pending' } })) > 0;
  }

  async backlog(): Promise<{ pending: number; oldestQueuedAt: Date | null }> {
    const found = await this.prisma.slackMessage.aggregate({ where: { state: 'pending' }, _count: { _all: true }, _min: { createdAt: true } });
    return { pending: found._count._all, oldestQueuedAt: found._min.createdAt };
  }

  async prune(before: Date): Promise<number> {
    const { count } = await this.prisma.slackMessage.deleteMany({ where: { state: { in: ['delivered', 'dead'] }, deliveredAt: { lt: before } } });
    return count;
  }
}

function toRow(message: NewOutboxMessage, now: Date) {
  return {
    lane: message.lane,
    kind: message.kind,
    requestId: message.requestId,
    recipient: message.recipient ?? null,
    payload: message.payload ? (message.payload as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
    coalesceKey: message.coalesceKey ?? null,
    createdAt: now,
    notBefore: new Date(now.getTime() + (message.delayMs ?? 0)),
    priority: message.priority ?? OUTBOX_PRIORITY.background,
  };
}

function toMessage(row: Rows.SlackMessage): OutboxMessage {
  return {
    id: row.id,
    lane: row.lane,
    kind: row.kind,
    requestId: row.requestId,
    recipient: row.recipient,
    payload: row.payload === null ? null : (row.payload as unknown as SlackPayload),
    createdAt: row.createdAt,
    attempts: row.attempts,
    lastError: row.lastError,
    overdueAlertedAt: row.overdueAlertedAt,
  };
}
