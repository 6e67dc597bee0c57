import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import type { Config } from '../../config.ts';
import { boltLogger } from './bolt-logger.ts';
import { GuardedApp, type SlackEdgeEvents } from './edge/guarded-app.ts';
import { guardHttpEdge, SLACK_BODY_LIMIT } from './edge/http-edge.ts';
import { guardSocketMode } from './edge/socket-mode-edge.ts';

export type HealthCheck = () => Promise<{ healthy: boolean; details: Record<string, unknown> }>;

/** An extra `GET` route served beside /healthz (e.g. /metrics). */
export interface GetRoute {
  readonly path: string;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * The Bolt app: Socket Mode when an app token is configured, otherwise HTTP with Slack's request
 * signatures verified on `POST /slack/events`, where `GET /healthz` is served too (in Socket Mode
 * the caller serves it with `healthServer`). Web API calls retry briefly (a person is usually
 * waiting) and time out. Every request is screened and acknowledged by GuardedApp; over HTTP,
 * guardHttpEdge refuses bodies Bolt cannot survive. `edgeEvents` hears each screening and failure.
 */
export function createSlackApp(options: {
  slack: Config['slack'];
  logger: PinoLogger;
  health: HealthCheck;
  edgeEvents?: SlackEdgeEvents;
  routes?: readonly GetRoute[];
}): GuardedApp {
  const { slack } = options;
  const logger = boltLogger(options.logger);
  const guard = { logger: options.logger.child({ component: 'slack-edge' }), events: options.edgeEvents };
  const common = {
    token: slack.botToken,
    logger,
    deferInitialization: true,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 }, timeout: 15_000 },
  };
  const refused = () => options.edgeEvents?.screened?.('refuse');
  if (slack.appToken) {
    // As Bolt builds it for `socketMode: true` (App's installerOptions carry its clientOptions).
    const receiver = new SocketModeReceiver({ appToken: slack.appToken, logger, installerOptions: { clientOptions: common.clientOptions } });
    guardSocketMode(receiver, { logger: guard.logger, onRefused: refused });
    return new GuardedApp({ ...common, socketMode: true, appToken: slack.appToken, receiver }, guard);
  }
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret!,
    logger,
    bodyLimit: SLACK_BODY_LIMIT,
    customRoutes: [
      { path: '/healthz', method: ['GET'], handler: healthRoute(options.health) },
      ...(options.routes ?? []).map((route) => ({ path: route.path, method: ['GET'], handler: route.handler })),
    ],
    // GuardedApp catches what escapes Bolt; should anything still reach the receiver, Slack gets a
    // 200 (it retries any other answer) rather than Bolt's default 500.
    processEventErrorHandler: async ({ error, response }) => {
      guard.logger.error({ err: error }, 'a Slack request failed in the receiver');
      if (!response.headersSent) response.writeHead(200).end();
      return true;
    },
  });
  guardHttpEdge(receiver, { signingSecret: slack.signingSecret!, logger: guard.logger, onRefused: refused });
  return new GuardedApp({ ...common, receiver }, guard);
}

/** `GET /healthz` (and `routes`) alone on `port`, for Socket Mode (which has no HTTP listener of its own). */
export async function startHealthServer(port: number, health: HealthCheck, routes: readonly GetRoute[] = []): Promise<Server> {
  const handlers = new Map([['/healthz', healthRoute(health)], ...routes.map((r) => [r.path, r.handler] as const)]);
  const server = createServer((req, res) => {
    const handler = req.method === 'GET' ? handlers.get(req.url?.split('?')[0] ?? '') : undefined;
    if (handler) return handler(req, res);
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
