import { randomUUID } from 'node:crypto';
import { storedIndicatorValue } from './defender-forms.ts';
import { FakeEntra } from './fake-entra.ts';
import { LoopbackFake, type RecordedRequest, type Reply } from './fake-http-server.ts';

/** An indicator as the Defender API documents the entity (the fields Unblock reads or sends). */
export interface DefenderIndicator {
  id: string;
  indicatorValue: string;
  indicatorType: string;
  action: string;
  title: string;
  description: string;
  expirationTime: string | null;
  severity?: string;
  application?: string | null;
  generateAlert?: boolean;
  /** Device groups the indicator applies to; absent or empty = all devices (defender-api.md "Device groups"). */
  rbacGroupNames?: string[];
  /** A UPN for portal-made indicators, the application id for app-made ones (defender-api.md §5). */
  createdBy?: string;
  creationTimeDateTimeUtc: string;
}

/**
 * The `$filter` forms the fake answers: `indicatorValue eq '…'` and `indicatorType eq '…'`, the
 * documented filterable fields with the documented operator (get-ti-indicators-collection:
 * "$filter supported on … indicatorValue, indicatorType …", example `action eq 'AlertAndBlock'`;
 * defender-api.md §5). Any other filter is refused with 400, as Defender refuses an invalid one.
 */
const FILTER = /^(indicatorValue|indicatorType) eq '((?:[^']|'')*)'$/;

const REQUIRED = ['indicatorValue', 'indicatorType', 'action', 'title', 'description'] as const;

/** "15,000 indicators per tenant. Increases to this limit are not supported." (indicators-overview; defender-api.md §5). */
export const TENANT_INDICATOR_LIMIT = 15_000;

/** The `createdBy` of an indicator the app creates: the application (client) id (defender-api.md §5). */
export const FAKE_APP_ID = '00000000-0000-4000-8000-00000000a11c';

/**
 * Defender's documented error body `{"error":{"code","message","target"}}`, `target` being a
 * correlation id (common-errors; defender-api.md §3 and §8).
 */
export function defenderError(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message, target: randomUUID() } } };
}

/**
 * The refusal of a new indicator once the tenant holds its limit: 400 with the reason only in
 * `error.message` (defender-api.md §8). The limit is documented; the exact wording is not, so this
 * is a plausible one.
 */
export function tenantLimitRefusal(): Reply {
  return defenderError(
    400,
    'BadRequest',
    `Cannot create indicator: the tenant has reached the limit of ${TENANT_INDICATOR_LIMIT} active indicators. Delete unused indicators and try again.`,
  );
}

/**
 * Defender keeps `expirationTime` to the second: a POST with `2026-12-01T20:30:05.773Z` reads back as
 * `2026-12-01T20:30:05Z` (shared/reference/defender-api.md §8 "Precision and forms Defender uses";
 * indicator-manage: "whatever happens at the expiration time occurs at the seconds (SS) value").
 */
function toTheSecond(expirationTime: string): string {
  const ms = Date.parse(expirationTime);
  return Number.isNaN(ms) ? expirationTime : defenderTime(new Date(ms));
}

/** How Defender writes an instant it keeps: the whole second, without a fraction (`2026-12-01T20:30:05Z`). */
export function defenderTime(instant: Date): string {
  const ms = instant.getTime();
  return new Date(ms - (((ms % 1000) + 1000) % 1000)).toISOString().replace('.000Z', 'Z');
}

/**
 * The Defender for Endpoint indicators API (`/api/indicators`) over HTTPS on loopback: list with
 * `$filter=indicatorValue eq '…'` (an exact string match on the stored value, so an uncompressed
 * IPv6 lookup misses the compressed indicator) or `indicatorType eq '…'`, paged by `pageSize` with
 * `@odata.nextLink`, submit-or-update (same stored value, type and
 * action updates), and delete. Values are stored as Defender stores them (IPv6 compressed,
 * defender-forms.ts, defender-api.md §8).
 * Failures can be queued per method to stand in for outages.
 */
export class FakeDefender extends LoopbackFake {
  readonly indicators = new Map<string, DefenderIndicator>();
  private readonly failures: Array<{ method: string; reply: Reply }> = [];
  /**
   * Active indicators the tenant may hold; a new one beyond it is refused (tenantLimitRefusal).
   * Tests lower it to stand for a full tenant without creating 15,000 indicators.
   */
  indicatorLimit = TENANT_INDICATOR_LIMIT;
  /**
   * Most indicators per page of a list answer (a smaller `$top` asks for fewer); the rest follow
   * through `@odata.nextLink` (with the documented `$skip`). Defender's own page size is not
   * documented; tests lower it to make paging happen.
   */
  pageSize = 10_000;
  /** Requests of these methods are served, but their answer is replaced (delayed, hung up). */
  private readonly tampering: Array<{ method: string; change: Partial<Reply> }> = [];
  private nextId = 1000;

  private readonly entra: FakeEntra;
  readonly scope: string;

  constructor(entra: FakeEntra, scope: string) {
    super(true);
    this.entra = entra;
    this.scope = scope;
  }

  get apiUrl(): string {
    return this.server.url;
  }

  requestsOf(method: string): RecordedRequest[] {
    return this.server.requests.filter((r) => r.method === method && r.path.startsWith('/api/indicators'));
  }

  /** The next `method` request (GET, POST, DELETE) gets `reply` instead of being served. */
  failNext(method: string, reply: Reply): void {
    this.failures.push({ method, reply });
  }

  /** The next `method` request is carried out, but its response is lost (the connection drops). */
  loseNextResponse(method: string): void {
    this.tampering.push({ method, change: { hangUp: true } });
  }

  /** The next `method` request is carried out, but answered only after `ms`. */
  delayNext(method: string, ms: number): void {
    this.tampering.push({ method, change: { delayMs: ms } });
  }

  /** The next `method` request is carried out, but answered only once the returned function is called. */
  holdNext(method: string): () => void {
    let release!: () => void;
    this.tampering.push({ method, change: { until: new Promise<void>((resolve) => (release = resolve)) } });
    return () => release();
  }

  /** Puts an indicator in place as if someone had created it in the portal (its value stored in Defender's form). */
  seed(indicator: Omit<DefenderIndicator, 'id' | 'creationTimeDateTimeUtc'> & { creationTimeDateTimeUtc?: string }): DefenderIndicator {
    const created = {
      creationTimeDateTimeUtc: new Date().toISOString(),
      ...indicator,
      indicatorValue: storedIndicatorValue(indicator.indicatorType, indicator.indicatorValue),
      expirationTime: indicator.expirationTime ? toTheSecond(indicator.expirationTime) : null,
      id: String(this.nextId++),
    };
    this.indicators.set(created.id, created);
    return created;
  }

  protected handle(request: RecordedRequest): Reply {
    const served = this.serve(request);
    const tamper = this.tampering.findIndex((t) => t.method === request.method);
    return tamper >= 0 ? { ...served, ...this.tampering.splice(tamper, 1)[0]!.change } : served;
  }

  private serve(request: RecordedRequest): Reply {
    // The API checks the token's audience: a token for either identifier URI of WindowsDefenderATP will do.
    if (this.entra.audienceOf(request.headers.authorization) !== FakeEntra.audienceOfScope(this.scope)) {
      return defenderError(401, 'Unauthorized', 'Authorization failed');
    }
    // Every indicator endpoint needs the application permission Ti.ReadWrite or Ti.ReadWrite.All
    // (defender-api.md §3 "Permissions (all indicator endpoints)"); without either Defender answers
    // 403 Forbidden (common-errors). The sentence is a plausible one: its wording is not documented.
    const roles = this.entra.rolesOf(request.headers.authorization) ?? [];
    if (!roles.includes('Ti.ReadWrite') && !roles.includes('Ti.ReadWrite.All')) {
      return defenderError(403, 'Forbidden', 'The application does not have the permission required for this operation (Ti.ReadWrite or Ti.ReadWrite.All).');
    }
    const failure = this.failures.findIndex((f) => f.method === request.method);
    if (failure >= 0) return this.failures.splice(failure, 1)[0]!.reply;
    if (request.path === '/api/indicators' && request.method === 'GET') return this.list(request);
    if (request.path === '/api/indicators' && request.method === 'POST') return this.submit(request);
    const match = /^\/api\/indicators\/([^/]+)$/.exec(request.path);
    if (match && request.method === 'DELETE') {
      return this.indicators.delete(decodeURIComponent(match[1]!)) ? { status: 204 } : defenderError(404, 'NotFound', 'Indicator not found');
    }
    return defenderError(404, 'ResourceNotFound', 'Resource not found');
  }

  private list(request: RecordedRequest): Reply {
    const filter = request.query.get('$filter');
    const match = filter === null ? null : FILTER.exec(filter);
    if (filter !== null && !match) return defenderError(400, 'ODataError', 'Invalid filter');
    const skipText = request.query.get('$skip');
    const skip = skipText === null ? 0 : Number(skipText);
    if (!Number.isInteger(skip) || skip < 0) return defenderError(400, 'ODataError', 'Invalid $skip');
    // `$top`: documented up to 10,000 (written "$stop" in get-ti-indicators-collection; defender-api.md §3 "List").
    const topText = request.query.get('$top');
    const top = topText === null ? this.pageSize : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > 10_000) return defenderError(400, 'ODataError', 'Invalid $top');
    const size = Math.min(top, this.pageSize);
    const field = match?.[1] as 'indicatorValue' | 'indicatorType' | undefined;
    const value = match?.[2]?.replace(/''/g, "'");
    const active = [...this.indicators.values()].filter((i) => field === undefined || i[field] === value);
    const page = active.slice(skip, skip + size);
    const next = new URL(`${this.apiUrl}/api/indicators`);
    if (filter !== null) next.searchParams.set('$filter', filter);
    if (topText !== null) next.searchParams.set('$top', topText);
    next.searchParams.set('$skip', String(skip + size));
    return {
      body: {
        '@odata.context': `${this.apiUrl}/api/$metadata#Indicators`,
        value: page,
        ...(skip + size < active.length ? { '@odata.nextLink': next.toString() } : {}),
      },
    };
  }

  private submit(request: RecordedRequest): Reply {
    const body = JSON.parse(request.body) as Partial<DefenderIndicator>;
    const missing = REQUIRED.filter((field) => typeof body[field] !== 'string' || body[field] === '');
    if (missing.length > 0) {
      return defenderError(400, 'InvalidRequestBody', `Missing ${missing.join(', ')}`);
    }
    const value = storedIndicatorValue(body.indicatorType!, body.indicatorValue!);
    const existing = [...this.indicators.values()].find(
      (i) => i.indicatorValue === value && i.indicatorType === body.indicatorType && i.action === body.action,
    );
    // Updating an existing indicator does not add one; only a new one can exceed the tenant's limit.
    if (!existing && this.indicators.size >= this.indicatorLimit) return tenantLimitRefusal();
    const saved: DefenderIndicator = {
      ...(existing ?? { id: String(this.nextId++), creationTimeDateTimeUtc: new Date().toISOString() }),
      indicatorValue: value,
      indicatorType: body.indicatorType!,
      action: body.action!,
      title: body.title!,
      description: body.description!,
      expirationTime: body.expirationTime ? toTheSecond(body.expirationTime) : null,
      severity: body.severity ?? 'Informational',
      application: existing?.application ?? body.application ?? null,
      generateAlert: body.generateAlert ?? false,
      rbacGroupNames: body.rbacGroupNames ?? [],
      createdBy: existing?.createdBy ?? FAKE_APP_ID,
    };
    this.indicators.set(saved.id, saved);
    return { body: { '@odata.context': `${this.apiUrl}/api/$metadata#Indicators/$entity`, ...saved } };
  }
}
