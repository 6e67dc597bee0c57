import type { TokenCredential } from '@azure/identity';
import { AggregateLogsUploadError, LogsIngestionClient } from '@azure/monitor-ingestion';
import type { AuditExportRow } from '../../app/ports/audit-export.ts';
import type { AuditSink, ForwardEntry } from '../../app/ports/audit-forwarding.ts';
import { ExternalServiceError } from '../../app/support/external-service-error.ts';
import { sentinelRow } from './sentinel-row.ts';
import { sentinelFailure } from './sentinel-failure.ts';

/**
 * The most one call carries, in bytes of JSON before compression. The Logs Ingestion API takes at
 * most 1 MB per call, and @azure/monitor-ingestion's upload() cuts its input into chunks of under
 * 1,000,000 bytes (JSON.stringify of each row, summed: utils/splitDataToChunksHelper.js) and sends
 * them concurrently, continuing after a failed one. Batches are cut here to the same measure, with
 * room for the array's brackets and commas, so each upload() is exactly one call: all or nothing,
 * and the cursor moves past exactly what arrived.
 */
const MAX_CALL_BYTES = 950_000;

/** Where the Sentinel table is fed: the data collection endpoint, the rule's immutable id and the stream. */
export interface SentinelSettings {
  /** The data collection endpoint (or the rule's logs ingestion endpoint), an https URL. */
  readonly endpoint: string;
  /** The data collection rule's immutable id, `dcr-` and 32 hex digits. */
  readonly ruleId: string;
  /** The rule's input stream, `Custom-…`. */
  readonly streamName: string;
  /** The Azure Monitor audience for the token (`https://monitor.azure.com` in the public cloud). */
  readonly audience: string;
  /** How long one upload may take before it is abandoned, in ms. */
  readonly timeoutMs: number;
}

/**
 * Sends audit rows to a Microsoft Sentinel custom table through the Azure Monitor Logs Ingestion
 * API with @azure/monitor-ingestion (POST {endpoint}/dataCollectionRules/{ruleId}/streams/{stream}
 * ?api-version=2023-01-01, gzip, a bearer token for `<audience>/.default` from the bot's Entra
 * credential). The SDK's own retries are off (`maxRetries: 0`): retrying is forwardAudit's, with a
 * backoff every replica shares, so it lives in one place.
 */
export class LogsIngestionSink implements AuditSink {
  readonly target: string;
  private readonly client: LogsIngestionClient;
  private readonly settings: SentinelSettings;

  constructor(settings: SentinelSettings, credential: TokenCredential) {
    this.settings = settings;
    this.target = `${settings.ruleId}/${settings.streamName}`;
    this.client = new LogsIngestionClient(settings.endpoint, credential, { audience: settings.audience, retryOptions: { maxRetries: 0 } });
  }

  chunks(entries: readonly ForwardEntry[]): ForwardEntry[][] {
    const batches: ForwardEntry[][] = [];
    let batch: ForwardEntry[] = [];
    let bytes = 2;
    for (const entry of entries) {
      const size = Buffer.byteLength(JSON.stringify(sentinelRow(entry.row))) + 1;
      if (batch.length > 0 && bytes + size > MAX_CALL_BYTES) {
        batches.push(batch);
        batch = [];
        bytes = 2;
      }
      batch.push(entry);
      bytes += size;
    }
    if (batch.length > 0) batches.push(batch);
    return batches;
  }

  async send(rows: readonly AuditExportRow[]): Promise<void> {
    try {
      await this.client.upload(this.settings.ruleId, this.settings.streamName, rows.map(sentinelRow), {
        maxConcurrency: 1,
        abortSignal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      const cause = error instanceof AggregateLogsUploadError ? error.errors[0]?.cause : error;
      if (cause instanceof ExternalServiceError) throw cause;
      throw sentinelFailure(cause, this.settings);
    }
  }
}
