import { forwardAudit } from '../../app/forward-audit.ts';
import type { Metrics } from '../../app/ports/metrics.ts';
import type { Clock, Logger } from '../../app/ports/runtime.ts';
import type { Config } from '../../config.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { createAzureCredential } from '../defender/azure-credential.ts';
import { PrismaAuditForwarding } from '../db/prisma-audit-forwarding.ts';
import { AuditForwarderLoop } from '../scheduler/audit-forwarder-loop.ts';
import { LogsIngestionSink } from './logs-ingestion-sink.ts';

/** One upload's deadline, in ms: a 1 MB call normally takes well under a second. */
const UPLOAD_TIMEOUT_MS = 30_000;
/** A claim on the cursor, in ms: several uploads' deadlines, so a round never outlives it. */
const LEASE_MS = 4 * UPLOAD_TIMEOUT_MS;

/**
 * The loop that forwards the audit trail to Sentinel (forwardAudit every SENTINEL_FORWARD_INTERVAL),
 * built from the SENTINEL_* settings and the bot's Entra credential settings, on the bot's database.
 */
export function createAuditForwarder(input: {
  sentinel: NonNullable<Config['sentinel']>;
  azure: Config['azure'];
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  owner: string;
  /** Counts rounds by outcome and the entries Azure accepted (`audit_forward_rounds`, `audit_entries_forwarded`). */
  metrics?: Metrics;
}): AuditForwarderLoop {
  const { sentinel } = input;
  const sink = new LogsIngestionSink(
    { endpoint: sentinel.endpoint, ruleId: sentinel.ruleId, streamName: sentinel.streamName, audience: sentinel.audience, timeoutMs: UPLOAD_TIMEOUT_MS },
    createAzureCredential(input.azure),
  );
  const log = new PrismaAuditForwarding(input.prisma);
  return new AuditForwarderLoop({
    intervalMs: sentinel.intervalMs,
    round: async () => {
      const report = await forwardAudit({ log, sink, owner: input.owner, clock: input.clock, logger: input.logger, leaseMs: LEASE_MS, uploadBudgetMs: UPLOAD_TIMEOUT_MS });
      input.metrics?.increment('audit_forward_rounds', { outcome: report.outcome });
      input.metrics?.add('audit_entries_forwarded', report.sent);
      return report;
    },
    logger: input.logger,
  });
}
