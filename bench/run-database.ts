import { SLACK_POSTING_LIMIT } from '../test/http-fakes/posting-limit.ts';
import { approveLatency } from './approve-latency.ts';
import { databaseEnv, freshDatabase, type DatabaseKind } from './bench-database.ts';
import { BotProcess, freePort } from '../test/support/bot-process.ts';
import { addBlockEvents, sendBurst, settle } from './burst.ts';
import { burstRows, limitedBurstRows } from './burst-rows.ts';
import { reconcileCost } from './reconcile-cost.ts';
import { checked, currentLoad, info, type DatabaseRun, type Row } from './results.ts';
import { StandIns } from './stand-ins.ts';
import { median } from './stats.ts';

/** The bot is done with a burst once the stand-ins saw nothing for this long. */
const QUIET_MS = 5_000;
const APPROVALS = 20;
const mb = (value: number) => Math.round(value);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Memory goals of issue 8, per database (MB). */
const MEMORY_GOALS = { idle: { pglite: 350, postgres: 150 }, afterBurst: 450, startPeak: 600 } as const;

/**
 * Scenarios 1, 3 and 5 on one bot: its first start on a fresh database (start peak, idle memory),
 * the burst, memory after it, a restart to healthy, then 20 approvals of new requests on the
 * restarted bot (new hosts, so the burst's outcome does not decide how many there are).
 */
async function burstApproveAndMemory(kind: DatabaseKind, serverUrl: string | undefined, rows: Row[], problems: string[]): Promise<void> {
  const standIns = await StandIns.start();
  addBlockEvents(standIns.graph);
  const database = await freshDatabase(kind, serverUrl);
  const env = standIns.env(databaseEnv(database.settings), await freePort());
  let bot: BotProcess | undefined;
  try {
    const first = await BotProcess.start(env);
    bot = first.bot;
    const atStart = await bot.memory();
    await sleep(5_000);
    const idle = await bot.memory();
    rows.push(
      info('5', 'first start to healthy (fresh database, all migrations)', Math.round(first.startMs), 'ms'),
      checked('5', 'resident memory, peak during first start (VmHWM)', mb(atStart.peakMb), 'MB', { atMost: MEMORY_GOALS.startPeak }),
      checked('5', 'resident memory, idle after start (VmRSS)', mb(idle.rssMb), 'MB', { atMost: MEMORY_GOALS.idle[kind] }),
    );

    const acks = await sendBurst(bot.port, standIns);
    const settled = await settle(standIns, { quietMs: QUIET_MS, timeoutMs: 180_000, cpuMs: () => bot!.cpuMs() });
    if (!settled) problems.push('burst: the bot was still calling the stand-ins after 180 s; figures are as of then');
    rows.push(...burstRows('1', standIns, acks, settled), errorRow('1', bot, problems));
    const after = await bot.memory();
    rows.push(
      checked('5', 'resident memory after the burst (VmRSS)', mb(after.rssMb), 'MB', { atMost: MEMORY_GOALS.afterBurst }),
      info('5', 'resident memory, peak so far (VmHWM)', mb(after.peakMb), 'MB'),
    );

    const restartBegun = performance.now();
    const stoppedCleanly = await bot.stop(15_000);
    if (!stoppedCleanly) problems.push('restart: the bot did not exit within 15 s of SIGTERM and was killed');
    bot = (await BotProcess.start(env)).bot;
    rows.push(checked('5', 'restart to healthy (SIGTERM, start, GET /healthz 200)', Math.round(performance.now() - restartBegun), 'ms', { atMost: 3_000 }));

    const approvals = await approveLatency(bot, standIns, APPROVALS);
    problems.push(...approvals.problems);
    const p50 = median(approvals.latenciesMs);
    rows.push(
      checked('3', `Approve click → Defender POST, p50 over ${approvals.latenciesMs.length}`, p50 === null ? null : Math.round(p50), 'ms', { atMost: 50 }, { why: 'no approval reached Defender' }),
      info('3', 'Approve click → Defender POST, max', approvals.latenciesMs.length ? Math.round(Math.max(...approvals.latenciesMs)) : null, 'ms'),
    );
  } finally {
    await bot?.stop(15_000);
    await standIns.stop();
    await database.drop();
  }
}

/** How many errors the bot logged so far (an INFO row); the kinds go to the problems, most frequent first. */
function errorRow(scenario: string, bot: BotProcess, problems: string[]): Row {
  const kinds = [...bot.errors].sort((a, b) => b[1] - a[1]);
  const total = kinds.reduce((sum, [, n]) => sum + n, 0);
  if (total > 0) problems.push(`scenario ${scenario}: the bot logged ${kinds.map(([message, n]) => `${n}× "${message}"`).join(', ')}`);
  return info(scenario, 'errors the bot logged', total, '');
}

/** Scenario 2: the burst again, on a fresh bot, with the Slack stand-in enforcing 1 chat.postMessage/s/channel. */
async function limitedBurst(kind: DatabaseKind, serverUrl: string | undefined, rows: Row[], problems: string[]): Promise<void> {
  const standIns = await StandIns.start({ postMessagePerChannel: SLACK_POSTING_LIMIT });
  addBlockEvents(standIns.graph);
  const database = await freshDatabase(kind, serverUrl);
  let bot: BotProcess | undefined;
  try {
    bot = (await BotProcess.start(standIns.env(databaseEnv(database.settings), await freePort()))).bot;
    const acks = await sendBurst(bot.port, standIns);
    const settled = await settle(standIns, { quietMs: QUIET_MS, timeoutMs: 180_000, cpuMs: () => bot!.cpuMs() });
    if (!settled) problems.push("burst under Slack's limit: the bot was still calling the stand-ins after 180 s; figures are as of then");
    const errors = errorRow('2', bot, problems);
    if (!(await bot.stop(15_000))) problems.push("burst under Slack's limit: the bot did not exit within 15 s of SIGTERM and was killed");
    bot = undefined;
    let undelivered: number | null = null;
    try {
      const db = await database.open();
      try {
        undelivered = await db.prisma.unblockRequest.count({ where: { OR: [{ status: 'failed' }, { auditEntries: { some: { action: 'request.abandoned' } } }] } });
      } finally {
        await db.close();
      }
    } catch (error) {
      problems.push(`burst under Slack's limit: could not read the database: ${String(error)}`);
    }
    rows.push(...limitedBurstRows('2', standIns, acks, settled, undelivered), errors);
  } finally {
    await bot?.stop(15_000);
    await standIns.stop();
    await database.drop();
  }
}

/** Scenario 4: a reconcile round with 10 due among 15,000 active allows ÷ the same among 150. */
async function reconcileRatio(kind: DatabaseKind, serverUrl: string | undefined, rows: Row[], problems: string[]): Promise<void> {
  const small = await reconcileCost(kind, serverUrl, 150);
  const large = await reconcileCost(kind, serverUrl, 15_000);
  for (const cost of [small, large]) {
    if (cost.scanned !== 10 || cost.defenderLookupsPerRound !== 10) problems.push(`reconcile with ${cost.activeAllows}: scanned ${cost.scanned}, ${cost.defenderLookupsPerRound} Defender lookups per round (10 each wanted)`);
    if (cost.slackWrites > 0) problems.push(`reconcile with ${cost.activeAllows}: ${cost.slackWrites} Slack messages written (drift reported?)`);
    if (cost.errors.length > 0) problems.push(`reconcile with ${cost.activeAllows}: ${cost.errors.length} errors logged, first: ${cost.errors[0]}`);
  }
  const ratio = Math.round((large.medianMs / small.medianMs) * 100) / 100;
  rows.push(
    info('4', 'reconcile round, 10 due among 150 active (median)', Math.round(small.medianMs), 'ms'),
    info('4', 'reconcile round, 10 due among 15,000 active (median)', Math.round(large.medianMs), 'ms'),
    checked('4', 'reconcile cost ratio 15,000 ÷ 150', ratio, '×', { atMost: 2 }),
  );
}

/** Every scenario on one kind of database; a scenario that fails is reported and the others still run. */
export async function runDatabase(kind: DatabaseKind, serverUrl: string | undefined): Promise<DatabaseRun> {
  const begun = performance.now();
  const loadBefore = currentLoad();
  const rows: Row[] = [];
  const problems: string[] = [];
  const scenarios: Array<[string, typeof burstApproveAndMemory]> = [
    ['burst, approvals, memory', burstApproveAndMemory],
    ["burst under Slack's limit", limitedBurst],
    ['reconcile cost', reconcileRatio],
  ];
  for (const [name, scenario] of scenarios) {
    console.error(`[${kind}] ${name}…`);
    try {
      await scenario(kind, serverUrl, rows, problems);
    } catch (error) {
      problems.push(`${name} could not run to its end: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  rows.sort((a, b) => a.scenario.localeCompare(b.scenario));
  return { database: kind, rows, problems, seconds: (performance.now() - begun) / 1000, loadAverage: { before: loadBefore, after: currentLoad() } };
}

