import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** The body's bytes as sent (a gzip body, say, which `body` would garble). */
  readonly rawBody: Buffer;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  readonly body?: unknown;
  /** Wait this long before answering (a slow or hanging service). */
  readonly delayMs?: number;
  /** Close the connection instead of answering (the response is lost). */
  readonly hangUp?: boolean;
  /** Answer only once this settles (a service that takes as long as the test wants). */
  readonly until?: Promise<unknown>;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

const tls = () => ({
  key: readFileSync(new URL('../fixtures/tls/server.key', import.meta.url)),
  cert: readFileSync(new URL('../fixtures/tls/server.pem', import.meta.url)),
});

/**
 * A loopback HTTP(S) server that records every request and answers through `handler`. The HTTPS
 * variant uses the test CA's certificate for localhost / 127.0.0.1.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private port = 0;

  private readonly handler: Handler;
  private readonly secure: boolean;

  constructor(handler: Handler, secure: boolean) {
    this.handler = handler;
    this.secure = secure;
  }

  async start(): Promise<this> {
    const listener = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = this.secure ? createHttpsServer(tls(), listener) : createHttpServer(listener);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** Base URL without a trailing slash, e.g. https://127.0.0.1:40123 */
  get url(): string {
    return `${this.secure ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      rawBody: Buffer.concat(chunks),
    };
    this.requests.push(recorded);
    let reply: Reply;
    try {
      reply = await this.handler(recorded);
    } catch (error) {
      reply = { status: 500, body: { error: String(error) } };
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.until) await reply.until;
    if (reply.hangUp) {
      req.socket.destroy();
      return;
    }
    const isText = typeof reply.body === 'string';
    res.writeHead(reply.status ?? 200, { 'content-type': isText ? 'text/plain' : 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body));
  }
}

/** Polls until `condition` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, condition: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    // A promise is always truthy: the wait would end at once whatever it resolves to.
    if (value instanceof Promise) throw new TypeError(`waitFor(${what}): the condition returned a promise; use waitForAsync`);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Like waitFor, for a condition that must read something asynchronously (the database, an HTTP route). */
export async function waitForAsync<T>(what: string, condition: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Base of the vendor fakes: one loopback server, recorded requests, start and stop. */
export abstract class LoopbackFake {
  protected readonly server: FakeHttpServer;

  constructor(secure: boolean) {
    this.server = new FakeHttpServer((request) => this.handle(request), secure);
  }

  protected abstract handle(request: RecordedRequest): Reply | Promise<Reply>;

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  get requests(): readonly RecordedRequest[] {
    return this.server.requests;
  }
}
