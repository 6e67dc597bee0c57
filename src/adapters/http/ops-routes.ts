import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UnblockMetrics } from '../metrics/metrics.ts';

/** Whether the bot is healthy, with details for the operator (shown as JSON fields at /healthz). */
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
 * place to add a route (readiness next).
 */
export function opsRoutes(sources: { health: HealthCheck; metrics: Pick<UnblockMetrics, 'route'> }): readonly OpsRoute[] {
  return [
    { path: '/healthz', method: 'GET', handler: healthHandler(sources.health) },
    { path: '/metrics', method: 'GET', handler: sources.metrics.route() },
  ];
}

/** `GET /healthz`: 200 `{ status: 'ok', …details }` when healthy, else 503 `{ status: 'unhealthy', … }` (also when the check throws). */
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
