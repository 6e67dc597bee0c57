import { storedIndicatorValue } from './defender-forms.ts';
import type { FakeEntra } from './fake-entra.ts';
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
  creationTimeDateTimeUtc: string;
}

const REQUIRED = ['indicatorValue', 'indicatorType', 'action', 'title', 'description'] as const;

/**
 * The Defender for Endpoint indicators API (`/api/indicators`) over HTTPS on loopback: list with
 * `$filter=indicatorValue eq '…'` (an exact string match on the stored value, so an uncompressed
 * IPv6 lookup misses the compressed indicator), submit-or-update (same stored value, type and
 * action updates), and delete. Values are stored as Defender stores them (IPv6 compressed,
 * defender-forms.ts, defender-api.md §8).
 * Failures can be queued per method to stand in for outages.
 */
export class FakeDefender extends LoopbackFake {
  readonly indicators = new Map<string, DefenderIndicator>();
  private readonly failures: Array<{ method: string; reply: Reply }> = [];
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

  /** Puts an indicator in place as if someone had created it in the portal (its value stored in Defender's form). */
  seed(indicator: Omit<DefenderIndicator, 'id' | 'creationTimeDateTimeUtc'>): DefenderIndicator {
    const created = {
      ...indicator,
      indicatorValue: storedIndicatorValue(indicator.indicatorType, indicator.indicatorValue),
      id: String(this.nextId++),
      creationTimeDateTimeUtc: new Date().toISOString(),
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
    if (this.entra.scopeOf(request.headers.authorization) !== this.scope) {
      return { status: 401, body: { error: { code: 'Unauthorized', message: 'Authorization failed', target: 'corr-401' } } };
    }
    const failure = this.failures.findIndex((f) => f.method === request.method);
    if (failure >= 0) return this.failures.splice(failure, 1)[0]!.reply;
    if (request.path === '/api/indicators' && request.method === 'GET') return this.list(request);
    if (request.path === '/api/indicators' && request.method === 'POST') return this.submit(request);
    const match = /^\/api\/indicators\/([^/]+)$/.exec(request.path);
    if (match && request.method === 'DELETE') {
      return this.indicators.delete(decodeURIComponent(match[1]!)) ? { status: 204 } : { status: 404, body: { error: { code: 'NotFound', message: 'Indicator not found', target: 'corr-404' } } };
    }
    return { status: 404, body: { error: { code: 'ResourceNotFound', message: 'not found', target: 'corr-x' } } };
  }

  private list(request: RecordedRequest): Reply {
    const filter = request.query.get('$filter');
    const match = filter === null ? null : /^indicatorValue eq '((?:[^']|'')*)'$/.exec(filter);
    if (filter !== null && !match) return { status: 400, body: { error: { code: 'ODataError', message: 'Invalid filter', target: 'corr-400' } } };
    const value = match?.[1]?.replace(/''/g, "'");
    const active = [...this.indicators.values()].filter((i) => value === undefined || i.indicatorValue === value);
    return { body: { '@odata.context': `${this.apiUrl}/api/$metadata#Indicators`, value: active } };
  }

  private submit(request: RecordedRequest): Reply {
    const body = JSON.parse(request.body) as Partial<DefenderIndicator>;
    const missing = REQUIRED.filter((field) => typeof body[field] !== 'string' || body[field] === '');
    if (missing.length > 0) {
      return { status: 400, body: { error: { code: 'InvalidRequestBody', message: `Missing ${missing.join(', ')}`, target: 'corr-400' } } };
    }
    const value = storedIndicatorValue(body.indicatorType!, body.indicatorValue!);
    const existing = [...this.indicators.values()].find(
      (i) => i.indicatorValue === value && i.indicatorType === body.indicatorType && i.action === body.action,
    );
    const saved: DefenderIndicator = {
      ...(existing ?? { id: String(this.nextId++), creationTimeDateTimeUtc: new Date().toISOString() }),
      indicatorValue: value,
      indicatorType: body.indicatorType!,
      action: body.action!,
      title: body.title!,
      description: body.description!,
      expirationTime: body.expirationTime ?? null,
      severity: body.severity ?? 'Informational',
      application: existing?.application ?? body.application ?? null,
      generateAlert: body.generateAlert ?? false,
    };
    this.indicators.set(saved.id, saved);
    return { body: { '@odata.context': `${this.apiUrl}/api/$metadata#Indicators/$entity`, ...saved } };
  }
}
