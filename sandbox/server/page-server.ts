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
 * (a bad body is a 400 `{ ok: false, error }` and changes nothing).
 */
export function pageServer(options: { pageDir: string; state: () => unknown; posts: Readonly<Record<string, PostRoute<never>>> }): Server {
  return createServer((req, res) => {
    void route(req, res, options).catch((error: unknown) => send(res, 500, { ok: false, error: String(error) }));
  });
}

async function route(req: IncomingMessage, res: ServerResponse, options: Parameters<typeof pageServer>[0]): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
  if (path === '/api/state' && req.method === 'GET') return send(res, 200, options.state());
  if (path.startsWith('/api/')) {
    const post = options.posts[path.slice('/api/'.length)];
    if (!post || req.method !== 'POST') return send(res, 404, { ok: false, error: `no such API: ${req.method} ${path}` });
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
