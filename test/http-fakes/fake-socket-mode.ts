import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * Slack's Socket Mode endpoint on loopback: the URL `apps.connections.open` hands out. Greets each
 * connection with `hello`, delivers envelopes and resolves with the app's acknowledgement, as
 * documented for Socket Mode.
 */
export class FakeSocketMode {
  private server: WebSocketServer | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, (payload: unknown) => void>();

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        const ack = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (ack.envelope_id) this.pending.get(ack.envelope_id)?.(ack.payload);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'applink-fake' }, connection_info: { app_id: 'A0UNBLOCK' } }));
    });
    return this;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server!.address() as { port: number }).port}/link`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /**
   * Sends an envelope to the connected app; resolves with the payload it acknowledged with. Slack's
   * envelope types: `slash_commands`, `interactive`, `events_api` (docs.slack.dev/apis/events-api/using-socket-mode);
   * `payload` is whatever a test sends, malformed included.
   */
  deliver(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown): Promise<unknown> {
    const socket = [...this.sockets][0];
    if (!socket) throw new Error('no Socket Mode connection');
    const envelopeId = randomUUID();
    const acked = new Promise<unknown>((resolve) => this.pending.set(envelopeId, resolve));
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type === 'slash_commands' }));
    return acked;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
