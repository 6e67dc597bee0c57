import { App, type AppOptions, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../../app/ports/runtime.ts';
import { SLASH_COMMAND } from '../action-ids.ts';
import { refusalText, unexpectedErrorText } from '../text/report-replies.ts';
import { replyRouteOf, sendPrivateReply } from './private-reply.ts';
import { screenSlackPayload, type Screening } from './slack-payload.ts';
import { newReference } from '../../../shared/reference.ts';

/** What the guard saw, for metrics: each request's screening verdict, and requests that failed. */
export interface SlackEdgeEvents {
  readonly screened?: (verdict: Screening['verdict']) => void;
  readonly failed?: () => void;
}

/**
 * The Bolt app behind one door. Both receivers (HTTP and Socket Mode) hand every Slack request to
 * `processEvent`; here each one is
 * - screened first (screenSlackPayload): a payload Unblock cannot read, or one it has no listener
 *   for, is acknowledged at once (so Slack neither warns the user nor retries) and changes nothing;
 * - routed to Bolt's listeners otherwise, and acknowledged afterwards if no listener did;
 * - kept from failing the process or the HTTP answer: an error escaping Bolt is logged with a
 *   reference and the user told, where the payload names one (requestFailed).
 */
export class GuardedApp extends App {
  private readonly guardLogger: Logger;
  private readonly edgeEvents: SlackEdgeEvents;

  /** `options` as Bolt's App takes them; its error handler is this class's (a listener that throws fails its own request only). */
  constructor(options: AppOptions, guard: { logger: Logger; events?: SlackEdgeEvents }) {
    super({ ...options, extendedErrorHandler: true });
    this.guardLogger = guard.logger;
    this.edgeEvents = guard.events ?? {};
    // The last overload of `error` is the extended handler, which is given the payload.
    // Not awaited: Bolt waits for the error handler before it returns, and the ack must not wait for the reply.
    const onListenerError: Parameters<App['error']>[0] = async ({ error, body }) => void this.requestFailed(error, body);
    this.error(onListenerError);
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    let acked = false;
    const ack: ReceiverEvent['ack'] = async (response?: unknown) => {
      acked = true;
      await event.ack(response);
    };
    const screening = screenSlackPayload(event.body);
    this.edgeEvents.screened?.(screening.verdict);
    if (screening.verdict !== 'route') {
      if (screening.verdict === 'ignore') this.guardLogger.debug({ what: screening.what }, 'acknowledged a Slack request Unblock does not handle');
      else this.guardLogger.warn({ what: screening.what, reason: screening.reason }, 'acknowledged a Slack request Unblock cannot read; nothing changed');
      await ack(screening.verdict === 'refuse' && isSlashCommand(event.body) ? unreadableCommandReply() : undefined).catch(() => {});
      return;
    }
    let failure: { error: unknown } | undefined;
    try {
      await super.processEvent({ ...event, ack });
    } catch (error) {
      failure = { error };
    }
    // Nobody answered (a listener failed before its ack): Slack must not wait out its 3 s and retry.
    // The ack goes first; telling the user may take a while (Slack's API may be slow).
    if (!acked) await ack().catch(() => {});
    if (failure) void this.requestFailed(failure.error, event.body);
  }

  /**
   * One request's failure: logged with a short reference, and the user (where the payload names
   * one) told "something went wrong (ref …)" privately. Never throws.
   */
  async requestFailed(error: unknown, body: unknown): Promise<void> {
    const ref = newReference();
    this.edgeEvents.failed?.();
    this.guardLogger.error({ err: error, ref }, 'a Slack request failed');
    const route = replyRouteOf(body);
    if (!route) return;
    await sendPrivateReply({ client: this.client, logger: this.guardLogger }, route, unexpectedErrorText(ref)).catch(() => {});
  }
}

function isSlashCommand(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { command?: unknown }).command === SLASH_COMMAND;
}

/** The ack of a /portal-blocked payload that could not be read: shown to whoever typed it, if anyone. */
function unreadableCommandReply(): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text: refusalText('Unblock could not read that request.') };
}
