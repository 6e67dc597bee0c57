import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { z } from 'zod';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The Host header a request to the page may carry: the loopback address it listens on (an address
 * resolving to 127.0.0.1 under another name is a DNS-rebinding attempt, and refused).
 */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?$/;

/** Largest JSON body the API reads (bytes): a command or a click is well under 100 kB. */
const MAX_BODY_BYTES = 256 * 1024;

/** A route's answer: HTTP status and a JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** One POST route: its body schema (zod) and what it does with a valid body. */
export interface PostRoute<T> {
  readonly schema: z.ZodType<T>;
  readonly handle: (body: T) => Promise<ApiAnswer>;
}

/**
 * The sandbox page's HTTP server, on loopback only: the built page (static files from `pageDir`,
 * `index.html` at `/`), `GET /api/state`, and the POST routes, each body checked by its zod schema
 * (a bad body is a 400 `{ ok: false, error }` and changes nothing). Other web pages open in the
 * same browser cannot drive it: a request must name a loopback Host (421 otherwise: DNS
 * rebinding), and a POST must be `application/json` (415: a cross-site form or text/plain post
 * needs no CORS preflight) from no other Origin than the page's own (403).
 */
export function pageServer(options: { pageDir: string; state: () => unknown; posts: Readonly<Record<string, PostRoute<never>>> }): Server {
  return createServer((req, res) => {
    void route(req, res, options).catch((error: unknown) => send(res, 500, { ok: false, error: String(error) }));
  });
}

async function route(req: IncomingMessage, res: ServerResponse, options: Parameters<typeof pageServer>[0]): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
  const host = req.headers.host ?? '';
  if (!LOOPBACK_HOST.test(host)) return send(res, 421, { ok: false, error: 'the sandbox answers only at its loopback address' });
  if (path === '/api/state' && req.method === 'GET') return send(res, 200, options.state());
  if (path.startsWith('/api/')) {
    const post = options.posts[path.slice('/api/'.length)];
    if (!post || req.method !== 'POST') return send(res, 404, { ok: false, error: `no such API: ${req.method} ${path}` });
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, { ok: false, error: 'send JSON (content-type: application/json)' });
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return send(res, 403, { ok: false, error: 'only the sandbox page itself may use its API' });
    const raw = await readBody(req);
    if (raw === undefined) return send(res, 413, { ok: false, error: 'the request body is too large' });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return send(res, 400, { ok: false, error: 'the request body is not JSON' });
    }
    const parsed = (post.schema as z.ZodType<unknown>).safeParse(json);
    if (!parsed.success) return send(res, 400, { ok: false, error: z.prettifyError(parsed.error) });
    const answer = await (post.handle as (body: unknown) => Promise<ApiAnswer>)(parsed.data);
    return send(res, answer.status, answer.body);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: 'method not allowed' });
  const file = normalize(join(options.pageDir, path === '/' ? 'index.html' : path));
  if (!file.startsWith(options.pageDir)) return send(res, 404, { ok: false, error: 'not found' });
  try {
    const content = await readFile(file);
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(content);
  } catch {
    send(res, 404, { ok: false, error: 'not found' });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
