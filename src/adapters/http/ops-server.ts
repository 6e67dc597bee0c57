import { createServer, type Server } from 'node:http';
import type { OpsRoute } from './ops-routes.ts';

/**
 * The operational routes alone on `port` (0: any free port) at `host` (every interface when
 * undefined), for Socket Mode, which has no HTTP
 * listener of its own. Not the Socket Mode receiver's own `customRoutes` server: that one starts
 * listening only with the app (so /healthz is down while the socket connects) and leaves a port
 * already in use as an unhandled 'error' event, where this one is listening, or has rejected with
 * the `listen` error (e.g. EADDRINUSE) for the start-up report, when the promise settles.
 * Anything but a route's exact path and method (a query string is ignored) gets an empty 404.
 */
export async function startOpsServer(port: number, routes: readonly OpsRoute[], host?: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (route) return route.handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
