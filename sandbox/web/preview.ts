/**
 * Tries the page without the sandbox server: `node sandbox/web/preview.ts [state.json]` builds it,
 * serves it on http://127.0.0.1:5174 (PORT to change) and answers GET /api/state from
 * fixtures/sample-state.json (or the file given); POSTs are logged and answered `{ ok: true }`.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPage } from './build-page.ts';

const stateFile = process.argv[2] ?? fileURLToPath(new URL('./fixtures/sample-state.json', import.meta.url));
const port = Number(process.env.PORT ?? 5174);
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const outDir = await mkdtemp(join(tmpdir(), 'unblock-page-'));
await buildPage(outDir);

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  if (request.method === 'POST') {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      console.log(`POST ${path} ${body}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, now: new Date().toISOString() }));
    });
    return;
  }
  if (path === '/api/state') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(stateFile));
    return;
  }
  const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
  if (!file.startsWith(outDir)) {
    response.writeHead(404).end();
    return;
  }
  readFile(file).then(
    (content) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(content),
    () => response.writeHead(404).end('not found'),
  );
});
server.listen(port, '127.0.0.1', () => console.log(`Sandbox page preview on http://127.0.0.1:${port}/ (state from ${stateFile})`));
