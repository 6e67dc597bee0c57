import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { FakeEntra } from './fake-entra.ts';
import { LoopbackFake, type RecordedRequest, type Reply } from './fake-http-server.ts';

/** The Azure Monitor audience the Logs Ingestion API accepts tokens for (the SDK's KnownMonitorAudience.AzurePublicCloud). */
export const MONITOR_AUDIENCE = 'https://monitor.azure.com';

/** Azure's error body: `{ error: { code, message } }` (the shape the SDK's createRestError reads). */
const azureError = (code: string, message: string) => ({ error: { code, message } });

/** The 1 MB a call may carry (Azure Monitor, "Logs Ingestion API", limits; the SDK cuts at 1,000,000 bytes). */
const MAX_CALL_BYTES = 1_000_000;

/**
 * The Azure Monitor Logs Ingestion API of one data collection endpoint, over HTTPS on loopback
 * (the SDK's bearer-token policy refuses plain http), for SENTINEL_DCE_ENDPOINT. It behaves as the
 * service does where Unblock can tell:
 * - POST /dataCollectionRules/{dcr immutable id}/streams/{stream}?api-version=2023-01-01, else 404;
 * - a bearer token FakeEntra issued for the Azure Monitor audience, else 401;
 * - the caller holding the Monitoring Metrics Publisher role on the rule (`grantRole`), else 403
 *   OperationFailed with Azure's message (azure-sdk-for-js monitor-ingestion TROUBLESHOOTING.md);
 * - a body that is a JSON array (gzip when Content-Encoding says so) of at most 1 MB, else 400/413;
 * - 204 No Content on success, the rows kept in `rows` in arrival order.
 * Faults queued with `failNext` answer the next calls instead (403, 429 with Retry-After, 500 …).
 */
export class FakeLogsIngestion extends LoopbackFake {
  /** Every row accepted, in the order received. */
  readonly rows: Array<Record<string, unknown>> = [];
  /** Calls that were accepted (204). */
  accepted = 0;
  private readonly faults: Reply[] = [];
  private roleGranted = true;

  private readonly entra: Pick<FakeEntra, 'audienceOf'>;
  readonly ruleId: string;
  readonly streamName: string;

  /** `entra`: who issued the tokens (a FakeEntra, or a stand-in that asks one started later). */
  constructor(entra: Pick<FakeEntra, 'audienceOf'>, ruleId: string, streamName: string) {
    super(true);
    this.entra = entra;
    this.ruleId = ruleId;
    this.streamName = streamName;
  }

  get endpoint(): string {
    return this.server.url;
  }

  /** Whether Unblock's application holds the Monitoring Metrics Publisher role on the rule (true at first). */
  grantRole(granted: boolean): void {
    this.roleGranted = granted;
  }

  /** The next call answers `reply` instead of ingesting (queued: one reply per call). */
  failNext(...replies: Reply[]): void {
    this.faults.push(...replies);
  }

  /** A 429 as Azure sends it, asking to wait `seconds`. */
  static throttled(seconds: number): Reply {
    return { status: 429, headers: { 'retry-after': String(seconds) }, body: azureError('TooManyRequests', 'Rate limit of requests per minute exceeded, please retry later.') };
  }

  /** A 500 from the service. */
  static serverError(): Reply {
    return { status: 500, body: azureError('InternalServerError', 'An internal error occurred.') };
  }

  protected handle(request: RecordedRequest): Reply {
    const path = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)$/.exec(request.path);
    if (request.method !== 'POST' || !path) return { status: 404, body: azureError('NotFound', 'The requested resource was not found.') };
    if (request.query.get('api-version') !== '2023-01-01') return { status: 400, body: azureError('InvalidApiVersion', 'The api-version is not supported.') };
    const audience = this.entra.audienceOf(request.headers.authorization);
    if (audience !== MONITOR_AUDIENCE) return { status: 401, body: azureError('InvalidToken', 'The provided token is not valid for Azure Monitor.') };
    const [, ruleId, stream] = path;
    if (!this.roleGranted || decodeURIComponent(ruleId!) !== this.ruleId) {
      return {
        status: 403,
        body: azureError('OperationFailed', `The authentication token provided does not have access to ingest data for the data collection rule with immutable Id '${decodeURIComponent(ruleId!)}'.`),
      };
    }
    const fault = this.faults.shift();
    if (fault) return fault;
    if (decodeURIComponent(stream!) !== this.streamName) return { status: 400, body: azureError('InvalidStream', `Stream ${decodeURIComponent(stream!)} is not declared in the data collection rule.`) };
    let text: string;
    try {
      text = request.headers['content-encoding'] === 'gzip' ? gunzipSync(request.rawBody).toString('utf8') : request.body;
    } catch {
      return { status: 400, body: azureError('InvalidContentEncoding', 'The body could not be decompressed.') };
    }
    if (Buffer.byteLength(text) > MAX_CALL_BYTES) return { status: 413, body: azureError('ContentLengthLimitExceeded', 'Maximum allowed content length: 1048576 bytes (1 MB).') };
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch {
      return { status: 400, body: azureError('InvalidPayload', 'The payload is not valid JSON.') };
    }
    if (!Array.isArray(rows)) return { status: 400, body: azureError('InvalidPayload', 'The payload must be a JSON array.') };
    this.rows.push(...(rows as Array<Record<string, unknown>>));
    this.accepted++;
    return { status: 204, headers: { 'x-ms-request-id': randomUUID() } };
  }
}
