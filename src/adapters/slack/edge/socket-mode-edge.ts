import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../../app/ports/runtime.ts';

type Listener = (data: string | ArrayBuffer, isBinary: boolean) => unknown;

/**
 * What Slack sends in place of an envelope the Socket Mode client cannot read: an Events API
 * envelope with an event Unblock does not handle, so it is acknowledged like any other (and
 * GuardedApp ignores it). Not a Slack shape: made here, and never leaves the process.
 */
const UNREADABLE_EVENT = { type: 'event_callback', event: { type: 'unblock_unreadable_envelope' } } as const;

/**
 * Puts a check in front of the Socket Mode client (@slack/socket-mode 2), for what it does not
 * survive: it reads `payload.event.type` of every `events_api` envelope before Bolt (and GuardedApp)
 * sees it, so an envelope whose payload is null or has no event object throws inside the client,
 * is never acknowledged, and Slack retries it. Such an envelope is logged as unreadable and handed
 * on with a placeholder event, so it is acknowledged under its own `envelope_id` and changes
 * nothing. Every other message goes to the client as it came.
 */
export function guardSocketMode(receiver: SocketModeReceiver, options: { logger: Logger; onRefused?: () => void }): void {
  const client = receiver.client;
  const readers = client.listeners('ws_message') as Listener[];
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: string | ArrayBuffer, isBinary: boolean) => {
    const forward = (message: string | ArrayBuffer) => {
      for (const read of readers) void Promise.resolve(read(message, isBinary)).catch((error: unknown) => options.logger.error({ err: error }, 'the Socket Mode client failed on a message'));
    };
    if (isBinary) return forward(data);
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
    let envelope: unknown;
    try {
      envelope = JSON.parse(text);
    } catch {
      return forward(data); // The client logs unparsable messages and ignores them.
    }
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
      options.onRefused?.();
      options.logger.warn({}, 'Socket Mode message that is not an object: ignored (it names no envelope to acknowledge)');
      return;
    }
    const fields = envelope as Record<string, unknown>;
    if (fields.type === 'events_api' && !hasEvent(fields.payload)) {
      options.onRefused?.();
      options.logger.warn({ what: 'events_api envelope', reason: 'payload.event: expected an object with a type' }, 'acknowledged a Slack request Unblock cannot read; nothing changed');
      return forward(JSON.stringify({ ...fields, payload: UNREADABLE_EVENT }));
    }
    forward(data);
  });
}

function hasEvent(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null) return false;
  const event = (payload as { event?: unknown }).event;
  return typeof event === 'object' && event !== null && typeof (event as { type?: unknown }).type === 'string';
}
