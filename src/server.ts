import type { Server } from 'node:http';
import type { Logger as PinoLogger } from 'pino';
import { decideRequest } from './app/decide-request.ts';
import { extendAllow } from './app/extend-allow.ts';
import { letAllowExpire } from './app/let-allow-expire.ts';
import type { Clock } from './app/ports/runtime.ts';
import { reconcileOnce, type ReconcileReport } from './app/reconcile.ts';
import { reportBlockedPortal } from './app/report-blocked-portal.ts';
import { revokeAllow } from './app/revoke-allow.ts';
import type { Config } from './config.ts';
import { composeDependencies, replicaOwner } from './compose-dependencies.ts';
import { PrismaSlackOutbox } from './adapters/db/prisma-slack-outbox.ts';
import { warmUpQueries } from './adapters/db/warm-up.ts';
import { PrismaOperationalReadings } from './adapters/db/prisma-operational-readings.ts';
import type { OutboxStore } from './adapters/slack/outbox/outbox-store.ts';
import { OutboxSender } from './adapters/slack/outbox/outbox-sender.ts';
import { SlackDelivery } from './adapters/slack/outbox/slack-delivery.ts';
import { systemClock } from './adapters/clock/system-clock.ts';
import { UnblockMetrics } from './adapters/metrics/metrics.ts';
import type { DataDirLockLostError } from './adapters/db/data-dir-lock.ts';
import type { Database } from './adapters/db/database.ts';
import { openMigratedDatabase } from './adapters/db/open-migrated-database.ts';
import { ReconcilerLoop } from './adapters/scheduler/reconciler-loop.ts';
import type { ForwardReport } from './app/forward-audit.ts';
import { opsRoutes } from './adapters/http/ops-routes.ts';
import { startOpsServer } from './adapters/http/ops-server.ts';
import { createOutboxClient, createSlackApp } from './adapters/slack/create-slack-app.ts';
import { registerAllowActions } from './adapters/slack/listeners/allow-actions.ts';
import { registerAppHome } from './adapters/slack/listeners/app-home.ts';
import { renderHome } from './adapters/slack/blocks/home-view.ts';
import { loadHome } from './app/load-home.ts';
import { registerDecisionActions } from './adapters/slack/listeners/decision-actions.ts';
import { registerScopeChangeActions } from './adapters/slack/listeners/scope-change-actions.ts';
import { decideScopeChange } from './app/decide-scope-change.ts';
import { registerPortalBlockedCommand } from './adapters/slack/listeners/portal-blocked-command.ts';
import { WorkQueue, type WorkQueueLimits } from './adapters/slack/work-queue.ts';

/** The limits of the two work queues behind the acks: reports, and clicks on buttons. */
export interface WorkLimits {
  readonly reports: WorkQueueLimits;
  readonly clicks: WorkQueueLimits;
}

/**
 * The work queues behind the acks. Reports and clicks queue apart, so a burst of reports neither
 * delays nor crowds out the approvers' clicks that end it.
 * - Reports: 4 at a time is enough to overlap the network waits (hunting, Slack) while embedded
 *   PGlite runs one query at a time anyway; 2,000 held is twice a company-wide burst of 1,000
 *   reports (issue 8), a minute or two of work, past which asking people to retry is kinder than
 *   answering them minutes later. A held job is a small closure, so 2,000 cost a few MB.
 * - Clicks: fewer and each one a person watching: 2 at a time, 500 held.
 * Constants, not settings: they bound this process's own work, which an operator has no reason to
 * tune; tests pass smaller ones through `startUnblock`'s `workLimits`.
 */
const WORK_LIMITS: WorkLimits = {
  reports: { concurrency: 4, capacity: 2_000 },
  clicks: { concurrency: 2, capacity: 500 },
};

/**
 * How long `stop()` waits for queued work before discarding what has not started (each person is
 * told to try again). Under `docker stop`'s 10 s before SIGKILL, with time left to close the database.
 */
const SHUTDOWN_GRACE_MS = 5_000;

export interface RunningUnblock {
  /** The port the operational routes (opsRoutes: /healthz, /metrics) and, in HTTP mode, /slack/events listen on. */
  readonly port: number;
  readonly mode: 'http' | 'socket';
  /** The open database, for operational checks and tests. */
  readonly database: Database;
  /** Runs a reconcile round now (or joins the one under way). */
  reconcileNow(): Promise<ReconcileReport>;
  /** Runs an audit forwarding round now (or joins the one under way); undefined without the SENTINEL_* settings. */
  readonly forwardAuditNow: (() => Promise<ForwardReport>) | undefined;
  /**
   * Stops taking Slack traffic and reconciling, lets queued work finish (for up to a few seconds,
   * then discards what has not started), closes the database.
   */
  stop(): Promise<void>;
}

/**
 * Composition root: opens and migrates the database, builds every adapter, wires the Slack
 * listeners and the reconciler to the use-cases, and starts listening.
 *
 * `onDataDirLost` runs when the embedded database's lock file is deleted or replaced while the bot
 * runs (see lockDataDir), at start-up or later. It must end the process at once, without `stop()`:
 * another Unblock may already be opening the same files. Without it the process crashes.
 *
 * `workLimits` replaces the work queues' limits (WORK_LIMITS), for tests of a full queue.
 * `metrics` is the process's registry (served at `GET /metrics`); a new one unless given.
 */
export async function startUnblock(
  config: Config,
  options: {
    logger: PinoLogger;
    clock?: Clock;
    reconcilerAutostart?: boolean;
    onDataDirLost?: (error: DataDirLockLostError) => void;
    workLimits?: Partial<WorkLimits>;
    metrics?: UnblockMetrics;
  },
): Promise<RunningUnblock> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const { db, applied } = await openMigratedDatabase(config.database, { onLockLost: options.onDataDirLost });
  let server: Server | undefined;
  try {
    logger.info({ database: db.kind, applied }, applied.length ? 'database migrated' : 'database schema up to date');
    // Prisma loads its query compiler (WebAssembly, a few hundred ms of one busy thread) at the first
    // query unless connected first: pay it now, not while the first Slack requests wait for their acks.
    await db.prisma.$connect();

    const mode = config.slack.appToken ? 'socket' : 'http';
    let reconciler: ReconcilerLoop | undefined;
    const outbox = new PrismaSlackOutbox(db.prisma);
    const metrics = options.metrics ?? new UnblockMetrics();
    const routes = opsRoutes({ health: () => checkHealth(db, outbox, mode, reconciler), metrics, metricsToken: config.metricsToken });
    const app = createSlackApp({ slack: config.slack, logger, metrics, routes });
    await app.init();

    let sender: OutboxSender | undefined;
    // Bolt's own Web API client (its retries and timeout): the adapters never see the App itself.
    const deps = composeDependencies({ config, db, slackClient: app.client, clock, logger, metrics, outbox, onQueued: () => sender?.wake() });
    sender = new OutboxSender({
      outbox,
      delivery: new SlackDelivery({
        client: createOutboxClient({ slack: config.slack, logger }),
        store: deps.store,
        outbox,
        decisionPolicy: deps.decisionPolicy,
        home: async (userId) => renderHome(await loadHome(deps, userId), deps.decisionPolicy),
      }),
      wallClock: systemClock,
      logger: logger.child({ component: 'slack-outbox' }),
      owner: replicaOwner,
      metrics,
    });
    const slackSender = sender;
    metrics.readFrom(new PrismaOperationalReadings({ prisma: db.prisma, outbox, clock }));
    metrics.setDryRun(config.dryRun);
    await warmUpQueries(deps.store, outbox);
    const limits = { ...WORK_LIMITS, ...options.workLimits };
    const reportWork = new WorkQueue(deps.logger, limits.reports);
    const clickWork = new WorkQueue(deps.logger, limits.clicks);
    registerPortalBlockedCommand(app, { report: (input) => reportBlockedPortal(deps, input), work: reportWork, logger: deps.logger, approvalRules: deps.decisionPolicy });
    registerDecisionActions(app, { decide: (input) => decideRequest(deps, input), work: clickWork, logger: deps.logger });
    registerAllowActions(app, {
      extend: (input) => extendAllow(deps, input),
      revoke: (input) => revokeAllow(deps, input),
      letExpire: (input) => letAllowExpire(deps, input),
      work: clickWork,
      logger: deps.logger,
    });
    registerScopeChangeActions(app, { decideScopeChange: (input) => decideScopeChange(deps, input), work: clickWork, logger: deps.logger });
    registerAppHome(app, {
      homeViewers: deps.homeViewers,
      approvers: deps.approvers,
      queue: async (messages) => {
        await outbox.enqueue(messages, systemClock.now());
        slackSender.wake();
      },
      clock,
      work: clickWork,
      logger: deps.logger,
    });
    reconciler = new ReconcilerLoop({
      intervalMs: config.lifecycle.reconcileInterval.ms,
      round: () => timedRound(metrics, () => reconcileOnce(deps)),
      clock,
      logger: deps.logger,
    });

    // Forwarding the audit trail to Sentinel, only when the SENTINEL_* settings are set.
    const forwarder = config.sentinel
      ? // Loaded only when configured: the Azure Monitor SDK is memory every other deployment would carry.
        (await import('./adapters/sentinel/audit-forwarder.ts')).createAuditForwarder({
          sentinel: config.sentinel,
          azure: config.azure,
          prisma: db.prisma,
          clock,
          logger: deps.logger,
          owner: replicaOwner,
          metrics,
        })
      : undefined;

    server = mode === 'http' ? ((await app.start(config.host === undefined ? config.port : { port: config.port, host: config.host })) as Server) : await startOpsServer(config.port, routes, config.host);
    if (mode === 'socket') await app.start();
    if (options.reconcilerAutostart !== false) reconciler.start();
    if (options.reconcilerAutostart !== false) forwarder?.start();
    slackSender.start();
    const address = server.address();
    const listening = server;
    const loop = reconciler;
    const port = address && typeof address === 'object' ? address.port : config.port;
    logger.info({ mode, port, dryRun: config.dryRun }, 'Unblock is running');
    if (config.dryRun) logger.warn('DRY_RUN=true: Defender is read but never written; approvals show the indicator Unblock would create');
    return {
      port,
      mode,
      database: db,
      reconcileNow: () => loop.runNow(),
      forwardAuditNow: forwarder && (() => forwarder.runNow()),
      stop: async () => {
        await loop.stop();
        await forwarder?.stop();
        await app.stop();
        if (mode === 'socket') await new Promise((resolve) => listening.close(resolve));
        const [reports, clicks] = await Promise.all([reportWork.close(SHUTDOWN_GRACE_MS), clickWork.close(SHUTDOWN_GRACE_MS)]);
        if (reports.discarded + reports.stillRunning + clicks.discarded + clicks.stillRunning > 0) {
          deps.logger.warn({ reports, clicks, graceMs: SHUTDOWN_GRACE_MS }, 'stopping before all queued Slack work finished');
        }
        // Whatever is still queued for Slack stays in the database for the next start (or another replica).
        await slackSender.stop();
        await db.close();
      },
    };
  } catch (error) {
    server?.close();
    await db.close().catch(() => {});
    throw error;
  }
}

/** Runs one reconcile round and records how long it took (`reconcile_round_seconds`), failed or not. */
async function timedRound(metrics: UnblockMetrics, round: () => Promise<ReconcileReport>): Promise<ReconcileReport> {
  const started = performance.now();
  try {
    return await round();
  } finally {
    metrics.observe('reconcile_round_seconds', (performance.now() - started) / 1000);
  }
}

/**
 * /readyz (and /healthz): unhealthy when the database does not answer or the reconciler is stale. The Slack
 * outbox's backlog is reported (how many messages wait, since when) but never makes the bot
 * unhealthy: a Slack outage is not cured by restarting Unblock.
 */
async function checkHealth(db: Database, outbox: OutboxStore, mode: string, reconciler: ReconcilerLoop | undefined) {
  const loop = reconciler?.health() ?? { healthy: true, lastReconcileAt: null };
  const common = { mode, reconciler: loop.healthy ? 'ok' : 'stale', lastReconcileAt: loop.lastReconcileAt };
  try {
    await db.ping();
    const backlog = await outbox.backlog();
    return { healthy: loop.healthy, details: { database: 'ok', ...common, slackBacklog: backlog.pending, slackBacklogSince: backlog.oldestQueuedAt } };
  } catch {
    return { healthy: false, details: { database: 'unreachable', ...common } };
  }
}
