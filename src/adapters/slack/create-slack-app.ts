import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { App, webApi } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import type { Config } from '../../config.ts';
import { boltLogger } from './bolt-logger.ts';

export type HealthCheck = () => Promise<{ healthy: boolean; details: Record<string, unknown> }>;

/**
 * The Bolt app: Socket Mode when an app token is configured, otherwise HTTP with Slack's request
 * signatures verified on `POST /slack/events`, where `GET /healthz` is served too (in Socket Mode
 * the caller serves it with `healthServer`). Web API calls retry briefly (a person is usually
 * waiting) and time out.
 */
export function createSlackApp(options: { slack: Config['slack']; logger: PinoLogger; health: HealthCheck }): App {
  const { slack } = options;
  const common = {
    token: slack.botToken,
    logger: boltLogger(options.logger),
    deferInitialization: true,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 }, timeout: 15_000 },
  };
  if (slack.appToken) return new App({ ...common, socketMode: true, appToken: slack.appToken });
  return new App({
    ...common,
    signingSecret: slack.signingSecret!,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthRoute(options.health) }],
  });
}

/** `GET /healthz` alone on `port`, for Socket Mode (which has no HTTP listener of its own). */
export async function startHealthServer(port: number, health: HealthCheck): Promise<Server> {
  const handler = healthRoute(health);
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') return handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
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

/**
 * The Web API client of the Slack outbox: it never retries or pauses by itself (the outbox paces
 * per channel and honours Retry-After for every replica), so a 429 is thrown at once
 * (`rejectRateLimitedCalls`) and clicks never wait behind a paused client.
 */
export function createOutboxClient(options: { slack: Config['slack']; logger: PinoLogger }): webApi.WebClient {
  return new webApi.WebClient(options.slack.botToken, {
    slackApiUrl: options.slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
    logger: boltLogger(options.logger),
  });
}
