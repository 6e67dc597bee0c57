import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { DecideDeps } from './app/decide-request.ts';
import type { ExtendDeps } from './app/extend-allow.ts';
import type { AuditTrail } from './app/ports/audit.ts';
import type { Metrics } from './app/ports/metrics.ts';
import { PrismaAuditTrail } from './adapters/db/prisma-audit-trail.ts';
import type { Clock } from './app/ports/runtime.ts';
import type { ReconcileDeps } from './app/reconcile.ts';
import type { ReportDeps } from './app/report-blocked-portal.ts';
import type { RevokeDeps } from './app/revoke-allow.ts';
import type { Config } from './config.ts';
import { decisionPolicy } from './domain/request/approval-rule.ts';
import type { Database } from './adapters/db/database.ts';
import { PrismaRequestStore } from './adapters/db/prisma-request-store.ts';
import { PrismaHomeQueries } from './adapters/db/prisma-home-queries.ts';
import { PrismaHomeViewers } from './adapters/db/prisma-home-viewers.ts';
import type { LoadHomeDeps } from './app/load-home.ts';
import type { HomeViewers } from './app/ports/home-viewers.ts';
import { createAzureCredential } from './adapters/defender/azure-credential.ts';
import { DefenderIndicatorGateway } from './adapters/defender/defender-indicator-gateway.ts';
import { DryRunIndicatorGateway } from './adapters/defender/dry-run-indicator-gateway.ts';
import { PrismaDryRunLedger } from './adapters/db/prisma-dry-run-ledger.ts';
import type { IndicatorGateway } from './app/ports/defender.ts';
import { GraphHuntingSource } from './adapters/defender/graph-hunting-source.ts';
import { HUNTING_LIMITS, INDICATOR_LIMITS, RateBudget } from './adapters/defender/rate-budget.ts';
import { randomIds } from './adapters/ids/random-ids.ts';
import { SlackApproverDirectory } from './adapters/slack/slack-approver-directory.ts';
import { SlackNotifier } from './adapters/slack/slack-notifier.ts';
import type { OutboxStore } from './adapters/slack/outbox/outbox-store.ts';
import { systemClock } from './adapters/clock/system-clock.ts';

/** This process's name in leases and claims: host, pid and a random suffix. */
export const replicaOwner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/**
 * Everything the use-cases need, built from the configuration: the one place that picks adapters.
 * `metrics` (the counters) and `auditTrail` (the audit read side) are built here for the surfaces
 * that read them (operations, App Home, the audit export); no use-case's deps name them yet.
 */
export type UseCaseDeps = ReportDeps &
  DecideDeps &
  ReconcileDeps &
  ExtendDeps &
  RevokeDeps &
  LoadHomeDeps & { readonly metrics: Metrics; readonly auditTrail: AuditTrail; readonly homeViewers: HomeViewers };

/**
 * Builds the use-cases' adapters (database store, Slack notifier and approver directory, Defender
 * gateways) from `config`. Needs a Slack Web API client, not a Bolt app, so a command-line tool
 * can build them without starting Bolt; the bot passes Bolt's own client (`app.client`). Starts
 * nothing and calls no service.
 */
export function composeDependencies(input: {
  config: Config;
  db: Database;
  /** The Web API client for Slack reads (the approver group); messages go through `outbox` instead. */
  slackClient: webApi.WebClient;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** The durable Slack outbox every message goes through (see OutboxSender). */
  outbox: OutboxStore;
  /** Called when something was queued, so the sender looks at once. */
  onQueued: () => void;
}): UseCaseDeps {
  const { config, clock } = input;
  const logger = input.logger.child({ component: 'app' });
  const credential = createAzureCredential(config.azure);
  // Dry-run requests (opened under DRY_RUN=true) write to the ledger in the database, told in their
  // thread; every other request writes to Defender. Reads see both.
  const dryRunLedger = new PrismaDryRunLedger(input.db.prisma, clock);
  const defender = new DefenderIndicatorGateway({
    apiUrl: config.defender.apiUrl,
    scope: config.defender.scope,
    credential,
    clock,
    timeoutMs: config.defender.timeoutMs,
    budget: new RateBudget(INDICATOR_LIMITS),
    metrics: input.metrics,
  });
  const indicators: IndicatorGateway = new DryRunIndicatorGateway({ real: defender, ledger: dryRunLedger, clock, logger, readOnlyFallback: config.dryRun });
  const homeViewers = new PrismaHomeViewers(input.db.prisma);
  const policy = decisionPolicy({ maxAllow: config.maxAllowDuration, maxThreatAllow: config.maxThreatAllowDuration, allowC2Override: config.allowC2Override });
  return {
    store: new PrismaRequestStore(input.db.prisma),
    notifier: new SlackNotifier({
      outbox: input.outbox,
      approvalChannelId: config.slack.approvalChannelId,
      decisionPolicy: policy,
      expiryGraceMs: config.lifecycle.policy.expiryGraceMs,
      approvers: { userIds: config.slack.approverUserIds, usergroupId: config.slack.approverUsergroupId },
      wallClock: systemClock,
      onQueued: input.onQueued,
      dryRun: dryRunLedger,
      homeViewers,
    }),
    evidence: new GraphHuntingSource({ baseUrl: config.graphBaseUrl, credential, logger, budget: new RateBudget(HUNTING_LIMITS), metrics: input.metrics }),
    indicators,
    approvers: new SlackApproverDirectory({ client: input.slackClient, userIds: config.slack.approverUserIds, usergroupId: config.slack.approverUsergroupId, clock, metrics: input.metrics }),
    decisionPolicy: policy,
    lookback: config.huntingLookback,
    limits: config.limits,
    dryRun: config.dryRun,
    policy: config.lifecycle.policy,
    pending: config.lifecycle.pending,
    owner: replicaOwner,
    // A click outwaits the lease's holder: two Defender calls at their timeout, and the Slack updates after them.
    clickLeaseWaitMs: 2 * config.defender.timeoutMs + 30_000,
    ids: randomIds,
    clock,
    logger,
    metrics: input.metrics,
    auditTrail: new PrismaAuditTrail(input.db.prisma),
    homeQueries: new PrismaHomeQueries(input.db.prisma),
    homeViewers,
  };
}
