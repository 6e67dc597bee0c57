import type { Server } from 'node:http';
import type { Logger as PinoLogger } from 'pino';
import type { Clock } from './app/ports.ts';
import { decideRequest, type DecideDeps } from './app/decide-request.ts';
import { reportBlockedPortal, type ReportDeps } from './app/report-blocked-portal.ts';
import type { Config } from './config.ts';
import { durationChoices } from './domain/request/allow-duration.ts';
import { systemClock } from './adapters/clock/system-clock.ts';
import { applyMigrations } from './adapters/db/apply-migrations.ts';
import { openDatabase, type Database } from './adapters/db/database.ts';
import { PrismaRequestStore } from './adapters/db/prisma-request-store.ts';
import { createAzureCredential } from './adapters/defender/azure-credential.ts';
import { DefenderIndicatorGateway } from './adapters/defender/defender-indicator-gateway.ts';
import { GraphHuntingSource } from './adapters/defender/graph-hunting-source.ts';
import { randomIds } from './adapters/ids/random-ids.ts';
import { BackgroundWork } from './adapters/slack/background-work.ts';
import { createSlackApp, startHealthServer } from './adapters/slack/create-slack-app.ts';
import { registerDecisionActions } from './adapters/slack/listeners/decision-actions.ts';
import { registerPortalBlockedCommand } from './adapters/slack/listeners/portal-blocked-command.ts';
import { SlackApproverDirectory } from './adapters/slack/slack-approver-directory.ts';
import { SlackNotifier } from './adapters/slack/slack-notifier.ts';

export interface RunningUnblock {
  /** The port /healthz (and, in HTTP mode, /slack/events) listens on. */
  readonly port: number;
  readonly mode: 'http' | 'socket';
  /** The open database, for operational checks and tests. */
  readonly database: Database;
  /** Stops taking Slack traffic, lets work in flight finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * Composition root: opens and migrates the database, builds every adapter, wires the Slack
 * listeners to the use-cases and starts listening. The only place that knows every concrete class.
 */
export async function startUnblock(config: Config, options: { logger: PinoLogger; clock?: Clock }): Promise<RunningUnblock> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const db = await openDatabase(config.database);
  let server: Server | undefined;
  try {
    const applied = await applyMigrations(db);
    logger.info({ database: db.kind, applied }, applied.length ? 'database migrated' : 'database schema up to date');

    const mode = config.slack.appToken ? 'socket' : 'http';
    const health = () => checkHealth(db, mode);
    const app = createSlackApp({ slack: config.slack, logger, health });
    await app.init();

    const credential = createAzureCredential(config.azure);
    const appLogger = logger.child({ component: 'app' });
    const choices = durationChoices(config.maxAllowDuration);
    const deps: ReportDeps & DecideDeps = {
      store: new PrismaRequestStore(db.prisma),
      notifier: new SlackNotifier({
        client: app.client,
        approvalChannelId: config.slack.approvalChannelId,
        durationChoices: choices,
        logger: appLogger,
      }),
      evidence: new GraphHuntingSource({ baseUrl: config.graphBaseUrl, credential, logger: appLogger }),
      indicators: new DefenderIndicatorGateway({ apiUrl: config.defender.apiUrl, scope: config.defender.scope, credential, clock }),
      approvers: new SlackApproverDirectory({
        client: app.client,
        userIds: config.slack.approverUserIds,
        usergroupId: config.slack.approverUsergroupId,
        clock,
      }),
      durations: choices,
      lookback: config.huntingLookback,
      ids: randomIds,
      clock,
      logger: appLogger,
    };
    const background = new BackgroundWork(appLogger);
    registerPortalBlockedCommand(app, { report: (input) => reportBlockedPortal(deps, input), background });
    registerDecisionActions(app, { decide: (input) => decideRequest(deps, input), background });
    app.error(async (error) => {
      appLogger.error({ err: error }, 'unhandled error in a Slack listener');
    });

    server = mode === 'http' ? ((await app.start(config.port)) as Server) : await startHealthServer(config.port, health);
    if (mode === 'socket') await app.start();
    const address = server.address();
    const listening = server;
    const port = address && typeof address === 'object' ? address.port : config.port;
    logger.info({ mode, port }, 'Unblock is running');
    return {
      port,
      mode,
      database: db,
      stop: async () => {
        await app.stop();
        if (mode === 'socket') await new Promise((resolve) => listening.close(resolve));
        await background.idle();
        await db.close();
      },
    };
  } catch (error) {
    server?.close();
    await db.close().catch(() => {});
    throw error;
  }
}

async function checkHealth(db: Database, mode: string) {
  try {
    await db.ping();
    return { healthy: true, details: { database: 'ok', mode } };
  } catch {
    return { healthy: false, details: { database: 'unreachable', mode } };
  }
}
