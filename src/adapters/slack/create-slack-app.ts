import { HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger as PinoLogger } from 'pino';
import type { Metrics } from '../../app/ports/metrics.ts';
import type { Config } from '../../config.ts';
import type { OpsRoute } from '../http/ops-routes.ts';
import { boltLogger } from './bolt-logger.ts';
import { GuardedApp, type SlackEdgeEvents } from './edge/guarded-app.ts';
import { guardHttpEdge, SLACK_BODY_LIMIT } from './edge/http-edge.ts';
import { guardSocketMode } from './edge/socket-mode-edge.ts';

/**
 * The Bolt app: Socket Mode when an app token is configured, otherwise HTTP with Slack's request
 * signatures verified on `POST /slack/events`, where the operational `routes` (opsRoutes) are served
 * too (in Socket Mode the caller serves them with startOpsServer). Web API calls retry briefly (a
 * person is usually waiting) and time out. Every request is screened and acknowledged by
 * GuardedApp; over HTTP, guardHttpEdge refuses bodies Bolt cannot survive. Each screening and each
 * failure is counted in `metrics` (`slack_requests`, `slack_request_failures`).
 */
export function createSlackApp(options: {
  slack: Config['slack'];
  logger: PinoLogger;
  metrics?: Metrics;
  routes?: readonly OpsRoute[];
}): GuardedApp {
  const { slack, metrics } = options;
  const logger = boltLogger(options.logger);
  const events = metrics && {
    screened: (verdict) => metrics.increment('slack_requests', { verdict }),
    failed: () => metrics.increment('slack_request_failures'),
  } satisfies SlackEdgeEvents;
  const guard = { logger: options.logger.child({ component: 'slack-edge' }), events };
  const common = {
    token: slack.botToken,
    logger,
    deferInitialization: true,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 }, timeout: 15_000 },
  };
  const refused = () => events?.screened('refuse');
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
    customRoutes: (options.routes ?? []).map((route) => ({ path: route.path, method: [route.method], handler: route.handler })),
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
