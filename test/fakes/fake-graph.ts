import { randomUUID } from 'node:crypto';
import type { FakeEntra } from './fake-entra.ts';
import { LoopbackFake, type RecordedRequest, type Reply } from './fake-http-server.ts';

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
 * Microsoft Graph `POST /v1.0/security/runHuntingQuery` over HTTPS on loopback. It cannot run
 * KQL: it reads the target from the query's `let target` line and answers with the rows a test
 * registered for that target, in the documented huntingQueryResults shape.
 */
export class FakeGraph extends LoopbackFake {
  readonly queries: HuntingQuery[] = [];
  private readonly rows = new Map<string, Array<Record<string, unknown>>>();
  private failure: Reply | undefined;

  private readonly entra: FakeEntra;

  constructor(entra: FakeEntra) {
    super(true);
    this.entra = entra;
  }

  get baseUrl(): string {
    return this.server.url;
  }

  setRows(target: string, rows: Array<Record<string, unknown>>): void {
    this.rows.set(target, rows);
  }

  /** Every hunting query answers with this until cleared (undefined). */
  failWith(reply: Reply | undefined): void {
    this.failure = reply;
  }

  protected handle(request: RecordedRequest): Reply {
    if (request.method !== 'POST' || request.path !== '/v1.0/security/runHuntingQuery') {
      return graphError(404, 'ResourceNotFound', "The requested resource doesn't exist.");
    }
    if (this.entra.scopeOf(request.headers.authorization) !== `${this.server.url}/.default`) {
      return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    }
    const body = JSON.parse(request.body) as { Query?: string; Timespan?: string };
    const query = body.Query ?? '';
    const literal = /^let target = ("(?:[^"\\]|\\.)*");$/m.exec(query)?.[1];
    const target = literal === undefined ? undefined : (JSON.parse(literal) as string);
    this.queries.push({ query, timespan: body.Timespan, target });
    if (this.failure) return this.failure;
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
        ],
        results: (target && this.rows.get(target)) || [],
      },
    };
  }
}
