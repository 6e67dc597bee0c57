import type { IncomingMessage, ServerResponse } from 'node:http';
import { App } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import type { Config } from '../../config.ts';
import { boltLogger } from './bolt-logger.ts';

export type HealthCheck = () => Promise<{ healthy: boolean; details: Record<string, unknown> }>;

/**
 * The Bolt app: Socket Mode when an app token is configured, otherwise HTTP with Slack's request
 * signatures verified on `POST /slack/events`. Either way `GET /healthz` answers on `port`.
 * Web API calls retry briefly (a person is usually waiting) and time out.
 */
export function createSlackApp(options: { slack: Config['slack']; port: number; logger: PinoLogger; health: HealthCheck }): App {
  const { slack } = options;
  const common = {
    token: slack.botToken,
    logger: boltLogger(options.logger),
    deferInitialization: true,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 }, timeout: 15_000 },
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthRoute(options.health) }],
  };
  if (slack.appToken) {
    return new App({ ...common, socketMode: true, appToken: slack.appToken, installerOptions: { port: options.port } });
  }
  return new App({ ...common, signingSecret: slack.signingSecret! });
}

function healthRoute(health: HealthCheck) {
  return (_req: IncomingMessage, res: ServerResponse) => {
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
