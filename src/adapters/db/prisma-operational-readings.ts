import type { Clock } from '../../app/ports/runtime.ts';
import type { OperationalReadings, Readings, StoredRequestStatus } from '../metrics/operational-readings.ts';
import type { OutboxStore } from '../slack/outbox/outbox-store.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';

/** The instant the lifecycle uses for "due now, plan again" (Lifecycle.nextDueAt, prisma/schema.prisma): not a due time, so not lag. */
const PLAN_AGAIN = new Date(0);

/**
 * The `/metrics` gauges read from the shared database: requests by status (a `GROUP BY` over the
 * requests), the oldest overdue `Lifecycle.nextDueAt` and how many requests owe work now (through
 * its index), and the Slack outbox's backlog. Four small queries per scrape, whatever the table sizes.
 */
export class PrismaOperationalReadings implements OperationalReadings {
  private readonly prisma: PrismaClient;
  private readonly outbox: Pick<OutboxStore, 'backlog'>;
  private readonly clock: Clock;

  constructor(options: { prisma: PrismaClient; outbox: Pick<OutboxStore, 'backlog'>; clock: Clock }) {
    this.prisma = options.prisma;
    this.outbox = options.outbox;
    this.clock = options.clock;
  }

  async read(): Promise<Readings> {
    const now = this.clock.now();
    const [byStatus, oldestDue, waiting, backlog] = await Promise.all([
      this.prisma.unblockRequest.groupBy({ by: ['status'], _count: { _all: true } }),
      this.prisma.lifecycle.findFirst({ where: { nextDueAt: { gt: PLAN_AGAIN, lte: now } }, orderBy: { nextDueAt: 'asc' }, select: { nextDueAt: true } }),
      this.prisma.lifecycle.count({ where: { nextDueAt: { lte: now } } }),
      this.outbox.backlog(),
    ]);
    const requestsByStatus: Partial<Record<StoredRequestStatus, number>> = {};
    for (const row of byStatus) requestsByStatus[row.status] = row._count._all;
    const dueAt = oldestDue?.nextDueAt;
    return {
      requestsByStatus,
      reconcileLagSeconds: dueAt ? Math.max(0, (now.getTime() - dueAt.getTime()) / 1000) : 0,
      reconcileWaiting: waiting,
      slackBacklog: backlog.pending,
    };
  }
}
