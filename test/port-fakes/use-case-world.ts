import { afterEach, beforeEach } from 'vitest';
import pino from 'pino';
import type { DecideDeps } from '../../src/app/decide-request.ts';
import type { ReportDeps } from '../../src/app/report-blocked-portal.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { randomIds } from '../../src/adapters/ids/random-ids.ts';
import { parseAllowDuration, type AllowDuration } from '../../src/domain/request/allow-duration.ts';
import { decisionPolicy } from '../../src/domain/request/approval-rule.ts';
import { DEFAULT_PENDING_POLICY } from '../../src/domain/request/pending-due.ts';
import { databaseTargets, openMigrated, type DatabaseTarget, type TestDatabase } from '../support/test-databases.ts';
import { FakeClock } from './fake-clock.ts';
import { FakeEvidenceSource } from './fake-evidence-source.ts';
import { FakeIndicatorGateway } from './fake-indicator-gateway.ts';
import type { Metrics } from '../../src/app/ports/metrics.ts';
import { RecordingMetrics } from './recording-metrics.ts';
import { RecordingNotifier } from './recording-notifier.ts';
import { StaticApproverDirectory } from './static-approver-directory.ts';

/** An ISO-8601 duration that must parse (test input). */
export function duration(iso: string): AllowDuration {
  const result = parseAllowDuration(iso);
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

/** The use-cases' dependencies: the real Prisma store on a fresh migrated database, doubles for the rest. */
export interface UseCaseWorld {
  readonly db: Database;
  readonly clock: FakeClock;
  readonly notifier: RecordingNotifier;
  readonly evidence: FakeEvidenceSource;
  readonly indicators: FakeIndicatorGateway;
  readonly metrics: RecordingMetrics;
  /** The use-cases' dependencies, built as composeDependencies builds them (a part of UseCaseDeps), `metrics` included. */
  readonly deps: ReportDeps & DecideDeps & { readonly metrics: Metrics };
  close(): Promise<void>;
}

export async function openWorld(target: DatabaseTarget, options: { approvers?: readonly string[]; allowC2Override?: boolean } = {}): Promise<UseCaseWorld> {
  const database: TestDatabase = await target.create({ migrated: true });
  const db = await openMigrated(database.settings);
  const clock = new FakeClock();
  const notifier = new RecordingNotifier({
    approvalMessagePosted: async (id, ref) => {
      await db.prisma.unblockRequest.update({ where: { id }, data: { approvalChannelId: ref.channelId, approvalMessageTs: ref.ts } });
    },
    reminderPosted: async (requestId, ref) => {
      await db.prisma.lifecycle.update({ where: { requestId }, data: { reminderChannelId: ref.channelId, reminderMessageTs: ref.ts } });
    },
    scopeChangePosted: async (id, ref) => {
      await db.prisma.unblockRequest.update({ where: { id }, data: { scopeChangeChannelId: ref.channelId, scopeChangeMessageTs: ref.ts } });
    },
  });
  const evidence = new FakeEvidenceSource();
  const indicators = new FakeIndicatorGateway();
  const metrics = new RecordingMetrics();
  return {
    db,
    clock,
    notifier,
    evidence,
    indicators,
    metrics,
    deps: {
      store: new PrismaRequestStore(db.prisma),
      notifier,
      evidence,
      indicators,
      approvers: new StaticApproverDirectory([...(options.approvers ?? [])]),
      decisionPolicy: decisionPolicy({ maxAllow: duration('P30D'), maxThreatAllow: duration('P1D'), allowC2Override: options.allowC2Override ?? false }),
      pending: DEFAULT_PENDING_POLICY,
      lookback: duration('P7D'),
      limits: { reportsPerHour: 100, openAllowsPerRequester: 100 },
      ids: randomIds,
      clock,
      logger: pino({ level: 'silent' }),
      metrics,
    },
    close: async () => {
      await db.close();
      await database.drop();
    },
  };
}

export { databaseTargets };

/**
 * Opens a fresh world (on `target`) before each test and closes it after; the returned function
 * reads the current one. One place for the set-up every use-case suite repeats.
 */
export function useWorld(target: DatabaseTarget, options: { approvers?: readonly string[]; allowC2Override?: boolean } = {}): () => UseCaseWorld {
  let world: UseCaseWorld | undefined;
  beforeEach(async () => {
    world = await openWorld(target, options);
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  return () => {
    if (!world) throw new Error('useWorld: no world outside a test');
    return world;
  };
}
