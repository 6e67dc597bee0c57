import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Registry } from 'prom-client';
import type { ProcessFailure } from '../../process-policy.ts';
import type { Screening } from '../slack/edge/slack-payload.ts';

/**
 * Unblock's Prometheus metrics (prom-client, the Node.js standard), served as text at `GET /metrics`
 * (exposition format 0.0.4). One registry per process, passed to whoever counts.
 */
export class UnblockMetrics {
  readonly registry = new Registry();

  /** Errors that escaped every handler, by kind (see installProcessPolicy). */
  readonly processFailures = new Counter({
    name: 'unblock_process_failures_total',
    help: 'Errors that reached the process level: unhandled promise rejections (the bot keeps serving) and uncaught exceptions (the bot exits).',
    labelNames: ['failure'] as const,
    registers: [this.registry],
  });

  /** Slack requests by what the edge did with them (screenSlackPayload). */
  readonly slackRequests = new Counter({
    name: 'unblock_slack_requests_total',
    help: 'Signed Slack requests by verdict: route (handled), ignore (acknowledged, nothing Unblock handles), refuse (acknowledged, unreadable).',
    labelNames: ['verdict'] as const,
    registers: [this.registry],
  });

  /** Slack requests whose handling failed (logged with a reference; the user told where possible). */
  readonly slackRequestFailures = new Counter({
    name: 'unblock_slack_request_failures_total',
    help: 'Slack requests whose handling failed unexpectedly.',
    registers: [this.registry],
  });

  constructor() {
    // Every series exists from the start at 0, so a rate() over a fresh process is defined.
    for (const failure of ['unhandled_rejection', 'uncaught_exception'] satisfies ProcessFailure[]) this.processFailures.inc({ failure }, 0);
    for (const verdict of ['route', 'ignore', 'refuse'] satisfies Array<Screening['verdict']>) this.slackRequests.inc({ verdict }, 0);
  }

  /** The `GET /metrics` handler (Bolt custom route or plain node:http). */
  route(): (req: IncomingMessage, res: ServerResponse) => void {
    return (_req, res) => {
      void this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    };
  }
}
