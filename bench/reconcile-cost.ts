import type { PrismaClient } from '../src/generated/prisma/client.ts';
import { createLogger } from '../src/adapters/logging/logger.ts';
import { loadConfig } from '../src/config.ts';
import { startUnblock } from '../src/server.ts';
import { databaseEnv, freshDatabase, type DatabaseKind } from './bench-database.ts';
import { freePort } from '../test/support/bot-process.ts';
import { APPROVAL_CHANNEL, APPROVER, BENCH_SECRETS, StandIns } from './stand-ins.ts';
import { median } from './stats.ts';

/** Requests due in every round; the rest of the active allows are due weeks from now. */
export const DUE_PER_ROUND = 10;
const ROUNDS = 5;

/** One reconcile round's cost with `activeAllows` active allows, DUE_PER_ROUND of them due. */
export interface RoundCost {
  readonly activeAllows: number;
  /** Median of ROUNDS timed rounds (after one untimed warm-up), ms. */
  readonly medianMs: number;
  /** Requests the last round looked at (DUE_PER_ROUND when the sweep reads only what is due). */
  readonly scanned: number;
  /** Defender lookups per round: the due allows' drift checks (DUE_PER_ROUND when the due work ran). */
  readonly defenderLookupsPerRound: number;
  /** Slack messages the rounds wrote (0 unless a drift was reported). */
  readonly slackWrites: number;
  /** Error lines the app logged meanwhile. */
  readonly errors: string[];
}

const uuid = (n: string) => `md5('bench-' || ${n})::uuid`;

/**
 * Seeds `count` active allows directly (SQL): approved by the approver for 30 days a day ago, the
 * indicator recorded, the check after activation done (nothing blocked), the drift checked just now
 * and the next due time in three weeks; the first
 * DUE_PER_ROUND are due now, with a drift check owed (last one two hours ago). Ids are derived from
 * the row number so each table's rows find their request.
 */
async function seedActiveAllows(prisma: PrismaClient, count: number): Promise<void> {
  const host = `'seed-' || n || '.contoso.com'`;
  const rows = `FROM generate_series(1, ${count}) AS n`;
  const expiry = `date_trunc('second', now() + interval '29 days')`;
  await prisma.$executeRawUnsafe(`INSERT INTO "UnblockRequest" ("id", "status", "version", "indicatorType", "targetValue", "openKey", "reportedTarget", "requesterId", "reason", "approvalChannelId", "approvalMessageTs", "createdAt", "updatedAt")
    SELECT ${uuid('n')}, 'active', 3, 'DomainName', ${host}, 'DomainName:' || ${host}, ${host}, 'U0SEED' || n, 'seeded by the benchmark', '${APPROVAL_CHANNEL}', '1790000000.' || lpad(n::text, 6, '0'), now() - interval '1 day', now() - interval '1 day' ${rows}`);
  await prisma.$executeRawUnsafe(`INSERT INTO "Reporter" ("requestId", "userId", "reason", "reportedAt") SELECT ${uuid('n')}, 'U0SEED' || n, '', now() - interval '1 day' ${rows}`);
  await prisma.$executeRawUnsafe(`INSERT INTO "Approval" ("requestId", "approverId", "at", "duration") SELECT ${uuid('n')}, '${APPROVER}', now() - interval '1 day', 'P30D' ${rows}`);
  await prisma.$executeRawUnsafe(`INSERT INTO "Decision" ("requestId", "outcome", "deciderId", "decidedAt", "duration", "allowUntil", "indicatorType", "indicatorValue")
    SELECT ${uuid('n')}, 'approved', '${APPROVER}', now() - interval '1 day', 'P30D', ${expiry}, 'DomainName', ${host} ${rows}`);
  await prisma.$executeRawUnsafe(`INSERT INTO "AllowIndicator" ("requestId", "defenderId", "indicatorType", "indicatorValue", "expiresAt", "reusedExisting", "recordedAt")
    SELECT ${uuid('n')}, 'seed-' || n, 'DomainName', ${host}, ${expiry}, false, now() - interval '1 day' ${rows}`);
  // The check after activation ran at VERIFY_AFTER and found nothing blocked, so none is owed: a round
  // does only the due drift checks (unseeded, every due allow would post "Did the allow work?").
  await prisma.$executeRawUnsafe(`INSERT INTO "Lifecycle" ("requestId", "driftCheckedAt", "nextDueAt", "verifyCount", "verifiedAt", "verifyBlockedDevices")
    SELECT ${uuid('n')}, now(), now() + interval '21 days', 1, now() - interval '22 hours', 0 ${rows}`);
}

/** Makes the first DUE_PER_ROUND allows due again with a drift check owed (each round plans them weeks ahead). */
async function makeDue(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`UPDATE "Lifecycle" SET "nextDueAt" = to_timestamp(0), "driftCheckedAt" = now() - interval '2 hours'
    WHERE "requestId" IN (SELECT ${uuid('n')} FROM generate_series(1, ${DUE_PER_ROUND}) AS n)`);
}

/** Puts the due allows' indicators in the Defender stand-in, as recorded, so their drift check finds no drift. */
async function seedDefender(prisma: PrismaClient, standIns: StandIns): Promise<void> {
  const due = await prisma.allowIndicator.findMany({ where: { defenderId: { in: Array.from({ length: DUE_PER_ROUND }, (_, i) => `seed-${i + 1}`) } } });
  for (const allow of due) {
    const indicator = standIns.defender.seed({
      indicatorValue: allow.indicatorValue,
      indicatorType: allow.indicatorType,
      action: 'Allowed',
      title: `Unblock: ${allow.indicatorValue}`,
      description: 'seeded by the benchmark',
      expirationTime: allow.expiresAt!.toISOString(),
    });
    await prisma.allowIndicator.update({ where: { requestId: allow.requestId }, data: { defenderId: indicator.id } });
  }
}

/**
 * The cost of one reconcile round with `activeAllows` active allows, DUE_PER_ROUND of them due:
 * the app in this process (startUnblock, reconciler not on a timer), the rows seeded directly,
 * then a warm-up round and ROUNDS timed ones (reconcileNow), each after making the same ones due again.
 */
export async function reconcileCost(kind: DatabaseKind, serverUrl: string | undefined, activeAllows: number): Promise<RoundCost> {
  const standIns = await StandIns.start();
  const database = await freshDatabase(kind, serverUrl);
  const errors: string[] = [];
  const logger = createLogger({ level: 'error', secrets: Object.values(BENCH_SECRETS), destination: { write: (line: string) => void errors.push(line.slice(0, 300)) } });
  try {
    const env = standIns.env(databaseEnv(database.settings), await freePort());
    const app = await startUnblock(loadConfig(env), { logger, reconcilerAutostart: false });
    try {
      const prisma = app.database.prisma;
      await seedActiveAllows(prisma, activeAllows);
      await seedDefender(prisma, standIns);
      const timings: number[] = [];
      let scanned = 0;
      for (let round = 0; round <= ROUNDS; round++) {
        await makeDue(prisma);
        const started = performance.now();
        scanned = (await app.reconcileNow()).scanned;
        if (round > 0) timings.push(performance.now() - started);
      }
      return {
        activeAllows,
        medianMs: median(timings)!,
        scanned,
        defenderLookupsPerRound: standIns.defender.requestsOf('GET').length / (ROUNDS + 1),
        slackWrites: standIns.slack.writes.length,
        errors,
      };
    } finally {
      await app.stop();
    }
  } finally {
    await standIns.stop();
    await database.drop();
  }
}
