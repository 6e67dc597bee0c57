import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  GraphError,
  HTTPMessageHandler,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { ExternalServiceError } from '../../app/support/external-service-error.ts';
import type { EvidenceSource, HuntOptions } from '../../app/ports/defender.ts';
import type { Metrics } from '../../app/ports/metrics.ts';
import type { Logger } from '../../app/ports/runtime.ts';
import type { BlockEvent } from '../../domain/evidence/block-event.ts';
import type { AllowDuration } from '../../domain/request/allow-duration.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';
import { accessToken } from './access-token.ts';
import { GraphCallCounter } from './graph-call-counter.ts';
import { buildHuntingQuery, HUNTING_ROW_CAP } from './hunting-query.ts';
import { HuntingResponse, toBlockEvents } from './hunting-rows.ts';
import { httpFailure } from './http-failure.ts';
import type { RateBudget } from './rate-budget.ts';

// Graph's documented limit is 3 minutes per query; give up a little later than that.
const QUERY_TIMEOUT_MS = 200_000;

/**
 * Hunting calls a background hunt leaves free in every window of the budget (HUNTING_LIMITS: 40 a
 * minute), so reports, which someone waits for in Slack, always find room.
 */
export const BACKGROUND_HEADROOM = 10;

/**
 * Advanced hunting through Microsoft Graph `POST /v1.0/security/runHuntingQuery`. Retries live in
 * the SDK's RetryHandler alone (429/503/504, honouring Retry-After), kept short because someone
 * is waiting in Slack.
 */
export class GraphHuntingSource implements EvidenceSource {
  readonly rowCap = HUNTING_ROW_CAP;
  private readonly client: Client;
  private readonly logger: Logger;
  private readonly token: () => Promise<string>;
  private readonly budget: RateBudget | undefined;
  private readonly metrics: Metrics | undefined;

  /** `metrics`, when given, counts every HTTP attempt of a query, retries included (GraphCallCounter). */
  constructor(options: { baseUrl: string; credential: TokenCredential; logger: Logger; budget?: RateBudget; metrics?: Metrics }) {
    this.budget = options.budget;
    this.metrics = options.metrics;
    // App-only tokens name the resource followed by /.default; Graph's resource is its base URL.
    const scope = `${options.baseUrl}/.default`;
    this.token = () => accessToken(options.credential, { scope, setting: 'GRAPH_BASE_URL' });
    this.logger = options.logger;
    this.client = Client.initWithMiddleware({
      middleware: [
        new AuthenticationHandler({ getAccessToken: this.token }),
        new RetryHandler(new RetryHandlerOptions(2, 2)),
        // Inside the RetryHandler: each attempt is counted, a retried 429 included.
        ...(options.metrics ? [new GraphCallCounter(options.metrics)] : []),
        new RedirectHandler(),
        new TelemetryHandler(),
        new HTTPMessageHandler(),
      ],
      baseUrl: options.baseUrl,
      defaultVersion: 'v1.0',
      // The SDK only attaches tokens to known Graph hosts; sovereign clouds and tests use others.
      customHosts: new Set([new URL(options.baseUrl).hostname]),
    });
  }

  async findBlockEvents(target: IndicatorTarget, lookback: AllowDuration, options: HuntOptions = {}): Promise<BlockEvent[]> {
    // Fetched here first so an Entra failure surfaces as itself; the SDK wraps errors thrown inside
    // its middleware into a status-less GraphError. The credential caches the token for the call.
    await this.token().catch((error: unknown) => {
      // No HTTP attempt is made without a token: count the refusal here (GraphCallCounter counts attempts).
      if (error instanceof ExternalServiceError) this.metrics?.increment('graph_calls', { operation: 'run_hunting_query', outcome: error.failure });
      throw error;
    });
    if (options.background) {
      if (this.budget && !this.budget.tryTake(BACKGROUND_HEADROOM)) {
        throw new ExternalServiceError({ service: 'graph', failure: 'throttled', userMessage: 'The hunting budget is kept for reports right now' });
      }
    } else {
      await this.budget?.take();
    }
    let body: unknown;
    try {
      body = await this.client
        .api('/security/runHuntingQuery')
        .options({ signal: AbortSignal.timeout(QUERY_TIMEOUT_MS) })
        .post({ Query: buildHuntingQuery(target, lookback, options.since), Timespan: lookback.iso });
    } catch (error) {
      throw toServiceError(error);
    }
    const rows = HuntingResponse.safeParse(body);
    if (!rows.success) {
      throw new ExternalServiceError({ service: 'graph', failure: 'invalid_response', userMessage: 'Microsoft Graph answered the hunting query in an unexpected format' });
    }
    const { events, skipped } = toBlockEvents(rows.data);
    if (skipped > 0) this.logger.warn({ skipped, target: target.value }, 'hunting rows skipped (unexpected shape)');
    return events;
  }

  /**
   * The smallest query that proves the app may hunt, for `npm run doctor`: `DeviceEvents | take 1 |
   * count` over the last day, which reads the table Unblock hunts in without returning any event
   * (Kusto's `count` answers one `Count` column, of type long). Returns that count, 0 or 1. Throws
   * ExternalServiceError as findBlockEvents does (Entra's reason, or Graph's for 401/403/429 …).
   */
  async countFirstEvents(): Promise<number> {
    await this.token();
    let body: unknown;
    try {
      body = await this.client
        .api('/security/runHuntingQuery')
        .options({ signal: AbortSignal.timeout(QUERY_TIMEOUT_MS) })
        .post({ Query: 'DeviceEvents | take 1 | count', Timespan: 'P1D' });
    } catch (error) {
      throw toServiceError(error);
    }
    const results = (body as { results?: unknown } | null)?.results;
    const count = Array.isArray(results) ? Number((results[0] as Record<string, unknown> | undefined)?.Count) : NaN;
    if (!Number.isInteger(count)) {
      throw new ExternalServiceError({ service: 'graph', failure: 'invalid_response', userMessage: 'Microsoft Graph answered the hunting query in an unexpected format' });
    }
    return count;
  }
}

/**
 * A GraphError with a status carries Graph's documented error body (https://learn.microsoft.com/graph/errors):
 * the SDK puts `error.code` in `code`, `error.message` in `message` and `innerError.request-id` in
 * `requestId`; the message is the reason (e.g. a KQL syntax error, or which CPU quota ran out on 429).
 */
function toServiceError(error: unknown): ExternalServiceError {
  // A GraphError without a status wraps a transport failure; its code is the underlying error's name.
  if (error instanceof GraphError && error.statusCode > 0) {
    return httpFailure({
      service: 'graph',
      status: error.statusCode,
      vendorCode: error.code ?? undefined,
      vendorMessage: error.message || undefined,
      correlationId: error.requestId ?? undefined,
      cause: error,
    });
  }
  const name = error instanceof GraphError ? error.code : error instanceof Error ? error.name : undefined;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  return new ExternalServiceError({
    service: 'graph',
    failure: timedOut ? 'timeout' : 'unavailable',
    userMessage: timedOut ? 'The hunting query timed out' : 'Microsoft Graph could not be reached',
    fix: timedOut ? undefined : 'check GRAPH_BASE_URL and the network',
    cause: error,
  });
}
