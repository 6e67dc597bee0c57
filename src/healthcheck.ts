import { isIP } from 'node:net';

/**
 * The URL of the bot's readiness probe (`GET /readyz`) as seen from inside its own container, from
 * the bot's settings: PORT (3000 when unset) and HOST, the address it listens on. Every interface
 * (HOST unset, `0.0.0.0` or `::`) is reached on 127.0.0.1; a specific address on itself (an IPv6
 * one in brackets, RFC 3986 §3.2.2), so `HOST=::1` is probed on `[::1]`.
 */
export function readinessUrl(env: Record<string, string | undefined>): string {
  const port = env.PORT?.trim() || '3000';
  const host = env.HOST?.trim() || '0.0.0.0';
  const address = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : isIP(host) === 6 ? `[${host}]` : host;
  return `http://${address}:${port}/readyz`;
}

/**
 * The Docker image's HEALTHCHECK (`node src/healthcheck.ts`): exits 0 when `/readyz` answers 2xx
 * within 4 s, else 1 (Docker counts a non-zero exit as unhealthy).
 */
async function main(): Promise<never> {
  try {
    const response = await fetch(readinessUrl(process.env), { signal: AbortSignal.timeout(4_000) });
    process.exit(response.ok ? 0 : 1);
  } catch {
    process.exit(1);
  }
}

if (import.meta.main) await main();
