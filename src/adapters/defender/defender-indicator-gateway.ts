import type { TokenCredential } from '@azure/identity';
import { ExternalServiceError } from '../../app/support/external-service-error.ts';
import type { IndicatorGateway, RelatedIndicators } from '../../app/ports/defender.ts';
import type { CallOutcome, DefenderOperation, Metrics } from '../../app/ports/metrics.ts';
import type { Clock } from '../../app/ports/runtime.ts';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import { relatedLookup, urlIndicatorHost } from '../../domain/indicator/related-values.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';
import { accessToken } from './access-token.ts';
import { allowIndicatorBody, type AllowIndicatorInput } from './allow-indicator-body.ts';
import { countedCall } from './counted-call.ts';
import { httpFailure, retryAfterSeconds } from './http-failure.ts';
import { withIndicatorLimitWording } from './indicator-limit.ts';
import { DefenderErrorBody, IndicatorJson, IndicatorPage } from './indicator-json.ts';
import { odataString } from './odata.ts';
import type { RateBudget } from './rate-budget.ts';

const MAX_PAGES = 20;
/** The operation each HTTP method of `/api/indicators` is, for the metrics. */
const OPERATIONS: Readonly<Record<'GET' | 'POST' | 'DELETE', DefenderOperation>> = { GET: 'list_indicators', POST: 'submit_indicator', DELETE: 'delete_indicator' };
/** Largest `$top` Defender documents for `GET /api/indicators` (get-ti-indicators-collection; defender-api.md §3 "List"). */
const MAX_TOP = 10_000;

/**
 * The Defender for Endpoint indicators API (`/api/indicators`), with a token from the shared
 * credential. Every call first takes a token from the shared rate budget (bursts queue instead of
 * hitting Defender's limits). No retries here: the reconciler retries failed work on its own schedule.
 */
export class DefenderIndicatorGateway implements IndicatorGateway {
  private readonly baseUrl: string;
  private readonly token: () => Promise<string>;
  private readonly clock: Clock;
  private readonly budget: RateBudget | undefined;
  private readonly timeoutMs: number;
  private readonly metrics: Metrics | undefined;

  /** `metrics`, when given, counts every call by operation and outcome (`defender_calls`) and times it (`defender_call_seconds`). */
  constructor(options: { apiUrl: string; scope: string; credential: TokenCredential; clock: Clock; budget?: RateBudget; timeoutMs?: number; metrics?: Metrics }) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.baseUrl = options.apiUrl;
    this.clock = options.clock;
    this.budget = options.budget;
    this.metrics = options.metrics;
    this.token = () => accessToken(options.credential, { scope: options.scope, setting: 'DEFENDER_API_SCOPE' });
  }

  async findByValue(value: string): Promise<ExistingIndicator[]> {
    return this.list(`indicatorValue eq ${odataString(value)}`);
  }

  /**
   * `$filter` is documented on `indicatorValue` and `indicatorType` with `eq` only (no `startswith`
   * or `contains`; get-ti-indicators-collection, defender-api.md §5), so: one `indicatorValue eq`
   * lookup per value, and the Url indicators listed with `indicatorType eq 'Url'` (following
   * `@odata.nextLink`) and matched on their host here. Every call takes its turn in the rate budget.
   */
  async findRelated(target: IndicatorTarget): Promise<RelatedIndicators> {
    const lookup = relatedLookup(target);
    const [byValue, urls] = await Promise.all([
      Promise.all(lookup.values.map((value) => this.findByValue(value))),
      // The tenant holds at most 15,000 indicators: two pages of the documented maximum $top. A list
      // that fails leaves the values' answers standing, with the reason (RelatedIndicators.incomplete).
      this.list(`indicatorType eq ${odataString('Url')}`, { top: MAX_TOP, whole: 'Url indicators' }).then(
        (found) => ({ found, error: null }),
        (error: unknown) => {
          if (!(error instanceof ExternalServiceError)) throw error;
          return { found: [] as ExistingIndicator[], error: error.userMessage };
        },
      ),
    ]);
    const onHost = urls.found.filter((i) => urlIndicatorHost(i.value) === lookup.urlHost);
    const seen = new Set<string>();
    return { indicators: [...byValue.flat(), ...onHost].filter((i) => !seen.has(i.id) && seen.add(i.id)), incomplete: urls.error };
  }

  /**
   * One list call for `npm run doctor`: `GET /api/indicators?$top=1`, the first page of one
   * indicator, through the same budget, token and error mapping as every call. Returns how many
   * indicators it listed (0 or 1). Throws ExternalServiceError (403 names the permission to grant).
   */
  async listFirst(): Promise<number> {
    const url = new URL(`${this.baseUrl}/api/indicators`);
    url.searchParams.set('$top', '1');
    const body = IndicatorPage.safeParse(await this.call('GET', url));
    if (!body.success) throw invalidResponse();
    return body.data.value.length;
  }

  /**
   * Every page of `GET /api/indicators?$filter=…` (at most MAX_PAGES), following next links on
   * Defender's origin only. With `top`, asks for that many per page (the documented `$top`, at most
   * 10,000). With `whole` (what is listed, in words), a list longer than MAX_PAGES is an error
   * rather than a silently shortened answer: a missed Block indicator must read as "could not check".
   */
  private async list(filter: string, options: { top?: number; whole?: string } = {}): Promise<ExistingIndicator[]> {
    const first = new URL(`${this.baseUrl}/api/indicators`);
    first.searchParams.set('$filter', filter);
    if (options.top) first.searchParams.set('$top', String(options.top));
    const found: ExistingIndicator[] = [];
    let next: URL | undefined = first;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const body = IndicatorPage.safeParse(await this.call('GET', next));
      if (!body.success) throw invalidResponse();
      found.push(...body.data.value);
      const link = body.data['@odata.nextLink'];
      next = link ? sameOrigin(new URL(link, this.baseUrl), first) : undefined;
    }
    if (next && options.whole) {
      throw new ExternalServiceError({
        service: 'defender',
        failure: 'invalid_response',
        userMessage: `Defender listed more ${options.whole} than Unblock reads (${MAX_PAGES} pages)`,
      });
    }
    return found;
  }

  /**
   * POST /api/indicators. `rbacGroupNames` is sent as a JSON array, as every documented example does
   * (defender-api.md §5 and "Device groups"); an empty array applies to every device. A refusal at
   * the tenant's indicator limit is worded as such (withIndicatorLimitWording).
   */
  async submitAllow(input: AllowIndicatorInput): Promise<ExistingIndicator> {
    const allow = allowIndicatorBody(input);
    const answer = await this.call('POST', new URL(`${this.baseUrl}/api/indicators`), allow).catch((error: unknown) => {
      throw withIndicatorLimitWording(error);
    });
    const body = IndicatorJson.safeParse(answer);
    if (!body.success) throw invalidResponse();
    return body.data;
  }

  async remove(id: string): Promise<'deleted' | 'already_gone'> {
    try {
      await this.call('DELETE', new URL(`${this.baseUrl}/api/indicators/${encodeURIComponent(id)}`));
      return 'deleted';
    } catch (error) {
      // Documented: 404 when the id is not found, i.e. it expired or someone removed it already.
      if (error instanceof ExternalServiceError && error.status === 404) return 'already_gone';
      throw error;
    }
  }

  private call(method: 'GET' | 'POST' | 'DELETE', url: URL, json?: object): Promise<unknown> {
    const operation = OPERATIONS[method];
    const metrics = this.metrics;
    const record =
      metrics &&
      ((outcome: CallOutcome, seconds: number) => {
        metrics.increment('defender_calls', { operation, outcome });
        metrics.observe('defender_call_seconds', seconds, { operation });
      });
    return countedCall(record, () => this.send(method, url, json));
  }

  private async send(method: 'GET' | 'POST' | 'DELETE', url: URL, json?: object): Promise<unknown> {
    await this.budget?.take();
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token()}`, accept: 'application/json' };
    if (json) headers['content-type'] = 'application/json; charset=utf-8';
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: json && JSON.stringify(json), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new ExternalServiceError({
        service: 'defender',
        failure: timedOut ? 'timeout' : 'unavailable',
        userMessage: timedOut ? `Defender did not answer within ${this.timeoutMs / 1000}s (DEFENDER_REQUEST_TIMEOUT)` : 'Defender could not be reached',
        // Node's fetch fails with "fetch failed" and the socket error (ECONNREFUSED, ENOTFOUND …) as its cause.
        vendorCode: timedOut ? undefined : networkCode(error),
        fix: timedOut ? undefined : 'check DEFENDER_API_URL and the network',
        cause: error,
      });
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const vendor = DefenderErrorBody.safeParse(parsed);
      const error = vendor.success ? vendor.data.error : undefined;
      throw httpFailure({
        service: 'defender',
        status: response.status,
        vendorCode: error?.code,
        vendorMessage: error?.message,
        correlationId: error?.target,
        retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after'), this.clock.now().getTime()),
      });
    }
    return parsed;
  }
}

/** Follows a next link only on Defender's own origin, so the bearer token never goes elsewhere. */
function sameOrigin(link: URL, base: URL): URL {
  if (link.origin !== base.origin) throw invalidResponse();
  return link;
}

/** The socket error code under a failed fetch (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED` …), if any. */
function networkCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

const invalidResponse = () =>
  new ExternalServiceError({ service: 'defender', failure: 'invalid_response', userMessage: 'Defender answered in an unexpected format' });
