import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { readinessUrl } from './healthcheck.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;

describe('the readiness URL the Docker health check probes', () => {
  test.each<[string, Record<string, string>, string]>([
    ['defaults', {}, 'http://127.0.0.1:3000/readyz'],
    ['every IPv4 interface', { HOST: '0.0.0.0', PORT: '8080' }, 'http://127.0.0.1:8080/readyz'],
    ['every interface (IPv6 wildcard)', { HOST: '::' }, 'http://127.0.0.1:3000/readyz'],
    ['IPv6 loopback only', { HOST: '::1', PORT: '3001' }, 'http://[::1]:3001/readyz'],
    ['IPv4 loopback only', { HOST: '127.0.0.1' }, 'http://127.0.0.1:3000/readyz'],
    ['a name', { HOST: 'localhost' }, 'http://localhost:3000/readyz'],
  ])('%s', (_case, env, url) => {
    expect(readinessUrl(env)).toBe(url);
  });
});

describe('node src/healthcheck.ts, as the image runs it', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  /** Serves /readyz with `status` on `host`, and returns the port. */
  async function readyz(host: string, status: number): Promise<number> {
    server = createServer((req, res) => res.writeHead(req.url === '/readyz' ? status : 404).end());
    await new Promise<void>((resolve) => server!.listen(0, host, resolve));
    return (server.address() as { port: number }).port;
  }

  const healthcheck = (env: Record<string, string>) =>
    new Promise<number>((resolve) => {
      execFile(NODE, ['src/healthcheck.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, timeout: 20_000 }, (error) =>
        resolve(error ? (typeof error.code === 'number' ? error.code : -1) : 0),
      );
    });

  test('healthy on a bot listening on ::1 only (HOST=::1), unhealthy on a 503 or nothing listening', async () => {
    const port = await readyz('::1', 200);
    expect(await healthcheck({ HOST: '::1', PORT: String(port) })).toBe(0);
    // The earlier command probed 127.0.0.1 whatever HOST said: nothing answers there.
    expect(await healthcheck({ HOST: '127.0.0.1', PORT: String(port) })).toBe(1);
  });

  test('unhealthy when /readyz answers 503', async () => {
    const port = await readyz('127.0.0.1', 503);
    expect(await healthcheck({ PORT: String(port) })).toBe(1);
  });
});
