import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UnblockMetrics } from '../metrics/metrics.ts';

/** Whether the bot is ready to serve, with details for the operator (shown as JSON fields at /readyz and /healthz). */
export type HealthCheck = () => Promise<{ healthy: boolean; details: Record<string, unknown> }>;

/** A plain Node.js HTTP handler; it answers by itself and never throws. */
export type OpsHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** One operational HTTP route: an exact path (no query string, no parameters) and method. */
export interface OpsRoute {
  readonly path: `/${string}`;
  readonly method: 'GET';
  readonly handler: OpsHandler;
}

/**
 * The operational HTTP routes, the same in both modes: Bolt's HTTP receiver serves them beside
 * /slack/events (createSlackApp), and in Socket Mode they are the whole of startOpsServer. The one
 * place to add a route.
 * - `GET /livez`: the process is up and its event loop answers (a liveness probe: restart if not).
 *   Always 200; it touches nothing else, so a database outage never gets the bot restarted.
 * - `GET /readyz`: the database answers and the reconciler is fresh (a readiness probe and the
 *   Docker health check); `/healthz` is the same check, kept for earlier deployments.
 * - `GET /metrics`: Prometheus text (UnblockMetrics); with `metricsToken` (METRICS_TOKEN) only for
 *   `Authorization: Bearer <token>`, else 401 (requireBearer).
 */
export function opsRoutes(sources: { health: HealthCheck; metrics: Pick<UnblockMetrics, 'route'>; metricsToken?: string | undefined }): readonly OpsRoute[] {
  const ready = healthHandler(sources.health);
  const metrics = sources.metricsToken === undefined ? sources.metrics.route() : requireBearer(sources.metricsToken, sources.metrics.route());
  return [
    { path: '/livez', method: 'GET', handler: liveHandler },
    { path: '/readyz', method: 'GET', handler: ready },
    { path: '/healthz', method: 'GET', handler: ready },
    { path: '/metrics', method: 'GET', handler: metrics },
  ];
}

/** `GET /livez`: 200 `{ status: 'ok' }` whenever the process can answer at all. */
const liveHandler: OpsHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'ok' }));
};

/** `GET /readyz` (and `/healthz`): 200 `{ status: 'ok', …details }` when healthy, else 503 `{ status: 'unhealthy', … }` (also when the check throws). */
function healthHandler(health: HealthCheck): OpsHandler {
  return (_req, res) => {
    void health().then(
      (report) => {
        res.writeHead(report.healthy ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: report.healthy ? 'ok' : 'unhealthy', ...report.details }));
      },
      () => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'unhealthy' }));
      },
    );
  };
}

/**
 * `handler` only for a request whose `Authorization` header is `Bearer <token>` (RFC 6750 §2.1, the
 * scheme case-insensitive); anything else gets 401 with `WWW-Authenticate: Bearer` (RFC 6750 §3)
 * and a plain-text reason naming the setting, never the token. Compared as SHA-256 digests with
 * timingSafeEqual, so neither the token's length nor its content leaks through timing.
 */
export function requireBearer(token: string, handler: OpsHandler): OpsHandler {
  const expected = digest(token);
  return (req, res) => {
    const presented = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return handler(req, res);
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="unblock-metrics"' });
    res.end('GET /metrics needs Authorization: Bearer <the METRICS_TOKEN setting>\n');
  };
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
