import { randomUUID } from 'node:crypto';
import type { FakeEntra } from './fake-entra.ts';
import { LoopbackFake, type RecordedRequest, type Reply } from './fake-http-server.ts';
import { deviceGroupJoin, huntedActionTypes, sinceComparison, targetComparison, writtenAsDefenderDoes, type DeviceInfoRow } from './fake-hunting-table.ts';

export interface HuntingQuery {
  readonly query: string;
  readonly timespan: string | undefined;
  /** The value of the query's `let target = "…";` line, decoded. */
  readonly target: string | undefined;
}

/**
 * Graph's documented error body: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`;
 * the reason is in `message` (https://learn.microsoft.com/graph/errors).
 */
export function graphError(status: number, code: string, message: string): Reply {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'request-id': requestId },
    body: { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': requestId } } },
  };
}

/**
 * The answer to `DeviceEvents | take N | count` (the doctor's probe: can the app read the table,
 * without reading an event), as Kusto gives it: one row with a `Count` column of type long holding
 * how many rows `take` passed on, at most N (Kusto docs, "count operator": "Returns the number of
 * records in the input record set", a single `Count` column of type long). Undefined for any
 * other query.
 */
function countOfFirstRows(query: string, rows: number): Reply | undefined {
  const take = /^DeviceEvents \| take (\d+) \| count$/.exec(query.trim())?.[1];
  if (take === undefined) return undefined;
  return {
    body: {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults',
      schema: [{ name: 'Count', type: 'Int64' }],
      results: [{ Count: Math.min(rows, Number(take)) }],
    },
  };
}

/**
 * Microsoft Graph `POST /v1.0/security/runHuntingQuery` over HTTPS on loopback, in front of an
 * in-memory DeviceEvents table and DeviceInfo table. It cannot run KQL, but it applies what Unblock's
 * query asks of the tables the way Kusto would: the `ActionType in (…)` filter, the device-group join
 * (latest DeviceInfo row per device, leftouter: fake-hunting-table.ts), and the target comparison on the
 * query's `let` values (fake-hunting-table.ts), so a query that compares wrongly (a string `==` on
 * an IPv6 RemoteIP Defender wrote compressed, a punycode-only host against a RemoteUrl written in
 * Unicode, which parse_url() leaves as written) finds nothing here, as it would in Defender.
 * A comparison it does not know, or one naming a value the query never binds, is answered 400, so
 * a changed query cannot pass unnoticed. A `| where Timestamp > datetime(…)` line (hunting since
 * an allow became active) is applied as Kusto compares instants (fake-hunting-table.ts).
 * The lookback (`ago(…)`) is not applied: tests use fixed timestamps.
 */
export class FakeGraph extends LoopbackFake {
  readonly queries: HuntingQuery[] = [];
  /** DeviceEvents rows as Defender stores them. */
  private readonly table: Array<Record<string, unknown>> = [];
  /** DeviceInfo rows (the device-group join reads them). */
  private readonly deviceInfo: DeviceInfoRow[] = [];
  private failure: Reply | undefined;
  private readonly nextFailures: Reply[] = [];
  private held: Promise<void> | undefined;

  private readonly entra: FakeEntra;

  constructor(entra: FakeEntra) {
    super(true);
    this.entra = entra;
  }

  get baseUrl(): string {
    return this.server.url;
  }

  /**
   * Adds DeviceEvents rows (test/builders/hunting-rows.ts builds them). They are stored in
   * Defender's own forms: an IPv6 RemoteIP is written compressed (RFC 5952), whatever spelling the
   * test used (defender-api.md §8 "Precision and forms Defender uses").
   */
  addEvents(rows: Array<Record<string, unknown>>): void {
    this.table.push(...rows.map(writtenAsDefenderDoes));
  }

  /**
   * Adds DeviceInfo rows: a device's group as Defender records it (defender-api.md "Device groups");
   * a later row for the same device moves it to another group.
   */
  addDeviceInfo(rows: readonly DeviceInfoRow[]): void {
    this.deviceInfo.push(...rows);
  }

  /**
   * The next hunting query (one HTTP attempt) answers with `reply`, the ones after it as usual: e.g.
   * Graph's throttling answer, 429 with Retry-After, which the SDK's RetryHandler retries
   * (learn.microsoft.com/graph/throttling).
   */
  failNext(reply: Reply): void {
    this.nextFailures.push(reply);
  }

  /** Every hunting query answers with this until cleared (undefined). */
  failWith(reply: Reply | undefined): void {
    this.failure = reply;
  }

  /**
   * Hunting queries are answered only once the returned function is called: a slow query (Graph
   * lets one run up to three minutes before it times out; defender-api.md "Quotas and limits (Graph)").
   */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  protected handle(request: RecordedRequest): Reply {
    const reply = this.answer(request);
    return this.held ? { ...reply, until: this.held } : reply;
  }

  private answer(request: RecordedRequest): Reply {
    if (request.method !== 'POST' || request.path !== '/v1.0/security/runHuntingQuery') {
      return graphError(404, 'ResourceNotFound', "The requested resource doesn't exist.");
    }
    if (this.entra.scopeOf(request.headers.authorization) !== `${this.server.url}/.default`) {
      return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    }
    // runHuntingQuery needs the application permission ThreatHunting.Read.All (defender-api.md §1
    // "Permissions"); without it Graph answers 403 Forbidden. The documented part is the status and
    // the error body; the sentence is Graph's usual wording for a missing application role.
    const roles = this.entra.rolesOf(request.headers.authorization) ?? [];
    if (!roles.includes('ThreatHunting.Read.All')) {
      return graphError(403, 'Forbidden', `Missing role permissions on the request. API requires one of 'ThreatHunting.Read.All'. Roles on the request '${roles.join(',')}'.`);
    }
    const body = JSON.parse(request.body) as { Query?: string; Timespan?: string };
    const query = body.Query ?? '';
    const literal = /^let target = ("(?:[^"\\]|\\.)*");$/m.exec(query)?.[1];
    const target = literal === undefined ? undefined : (JSON.parse(literal) as string);
    this.queries.push({ query, timespan: body.Timespan, target });
    const once = this.nextFailures.shift();
    if (once) return once;
    if (this.failure) return this.failure;
    const counted = countOfFirstRows(query, this.table.length);
    if (counted) return counted;
    const matches = targetComparison(query);
    const since = sinceComparison(query);
    if (matches === null || since === null) {
      return { status: 400, body: { error: { code: 'BadRequest', message: 'FakeGraph cannot evaluate the target comparison of this query' } } };
    }
    const actionTypes = huntedActionTypes(query);
    const join = deviceGroupJoin(query, this.deviceInfo);
    const selected = this.table.filter((row) => (actionTypes === null || actionTypes.includes(String(row.ActionType))) && matches(row) && since(row));
    const results = join === null ? selected : selected.map(join);
    return {
      body: {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults',
        schema: [
          { name: 'Timestamp', type: 'DateTime' },
          { name: 'DeviceId', type: 'String' },
          { name: 'DeviceName', type: 'String' },
          { name: 'ActionType', type: 'String' },
          { name: 'RemoteUrl', type: 'String' },
          { name: 'RemoteIP', type: 'String' },
          { name: 'RemotePort', type: 'Int32' },
          { name: 'InitiatingProcessFileName', type: 'String' },
          { name: 'InitiatingProcessAccountName', type: 'String' },
          { name: 'AdditionalFields', type: 'String' },
          ...(join === null ? [] : [{ name: 'MachineGroup', type: 'String' }]),
        ],
        results,
      },
    };
  }
}
