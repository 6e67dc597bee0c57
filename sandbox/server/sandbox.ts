import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeEntra } from '../../test/http-fakes/fake-entra.ts';
import { FakeGraph } from '../../test/http-fakes/fake-graph.ts';
import { BotChild } from './bot-child.ts';
import { apiRoutes } from './api-routes.ts';
import { pageServer } from './page-server.ts';
import { APPROVAL_CHANNEL, SAMPLE_INDICATORS, sampleHuntingTables, SANDBOX_USERS } from './sample-tenant.ts';
import { SandboxClock } from './sandbox-clock.ts';
import { SandboxStateReader } from './sandbox-state.ts';
import { SlackSurface } from './slack-surface.ts';
import { claimFolder, FOLDER_PREFIX } from './stale-folders.ts';
import { ChangeCounter, SandboxDefender, SandboxSlack } from './stand-ins.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFENDER_SCOPE = 'https://api.securitycenter.microsoft.com/.default';

/** A running sandbox: its page's address, its bot, and how to stop all of it. */
export interface RunningSandbox {
  /** The page, e.g. `http://127.0.0.1:4480/` (loopback only). */
  readonly url: string;
  /** The bot's process id, its port (on 127.0.0.1) and its log file (pino JSON). */
  readonly botPid: number;
  readonly botPort: number;
  readonly botLog: string;
  /** The temporary folder holding the embedded database, the log and the built page; removed by stop(). */
  readonly folder: string;
  /** Resolves with the bot's exit code if it exits without stop() (a crash). */
  readonly botExited: Promise<number | null>;
  /** Stops the bot (SIGTERM, its graceful stop), the page and the stand-ins, and removes the folder. */
  stop(): Promise<void>;
}

/**
 * Starts the sandbox: the loopback stand-ins for Slack, Entra ID, Graph and Defender with the sample
 * tenant, the real bot (bot-process.ts: `npm start`'s start-up, embedded database in a temporary
 * folder, HTTP mode, the sandbox clock) and the page's server on 127.0.0.1:`port` (a free port when
 * it is taken or 0). `buildPage` builds the page into the folder it is given.
 */
export async function startSandbox(options: { port: number; buildPage: (outDir: string) => Promise<void> }): Promise<RunningSandbox> {
  const folder = await mkdtemp(join(tmpdir(), FOLDER_PREFIX));
  await claimFolder(folder);
  const cleanups: Array<() => Promise<unknown>> = [() => rm(folder, { recursive: true, force: true })];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };
  try {
    const changes = new ChangeCounter();
    const clock = new SandboxClock();
    const slack = await new SandboxSlack('xoxb-sandbox-bot-token', changes, clock).start();
    cleanups.push(() => slack.stop());
    const entra = await new FakeEntra('contoso-sandbox-tenant', 'unblock-sandbox-app', 'sandbox-client-secret').start();
    cleanups.push(() => entra.stop());
    const graph = await new FakeGraph(entra).start();
    cleanups.push(() => graph.stop());
    const defender = await new SandboxDefender(entra, DEFENDER_SCOPE, clock, changes).start();
    cleanups.push(() => defender.stop());

    const tables = sampleHuntingTables(Date.now());
    graph.addEvents(tables.events);
    graph.addDeviceInfo(tables.deviceInfo);
    // The organisation's own Block indicator behind the CustomBlockList portal (portal-made: a UPN).
    for (const indicator of SAMPLE_INDICATORS) defender.seed(indicator);

    const pageDir = join(folder, 'page');
    await options.buildPage(pageDir);

    // A new signing secret each run: only this sandbox can sign requests to its bot.
    const signingSecret = randomBytes(24).toString('hex');
    const botPort = await freePort();
    const botLog = join(folder, 'bot.log');
    const bot = await BotChild.start(
      {
        ...passThrough(process.env),
        NODE_EXTRA_CA_CERTS: join(ROOT, 'test/fixtures/tls/ca.pem'),
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(botPort),
        // Loopback only: nothing but this sandbox reaches the bot.
        HOST: '127.0.0.1',
        APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL.id,
        APPROVER_USER_IDS: SANDBOX_USERS.filter((u) => u.role.endsWith('approver')).map((u) => u.id).join(','),
        AZURE_TENANT_ID: entra.tenantId,
        AZURE_CLIENT_ID: entra.clientId,
        AZURE_CLIENT_SECRET: entra.clientSecret,
        AZURE_AUTHORITY_HOST: entra.authorityHost,
        AZURE_DISABLE_INSTANCE_DISCOVERY: 'true',
        GRAPH_BASE_URL: graph.baseUrl,
        DEFENDER_API_URL: defender.apiUrl,
        DATA_DIR: join(folder, 'data'),
        RECONCILE_INTERVAL: 'PT15S',
        LOG_LEVEL: 'info',
      },
      botLog,
    );
    cleanups.push(() => bot.stop());

    const reader = new SandboxStateReader({ slack, defender, clock, changes });
    const readiness = setInterval(() => {
      void fetch(`http://127.0.0.1:${botPort}/readyz`).then(
        (r) => r.ok,
        () => false,
      ).then((ready) => {
        if (ready !== reader.botReady) {
          reader.botReady = ready;
          changes.bump();
        }
      });
    }, 500);
    cleanups.push(async () => clearInterval(readiness));

    await untilReady(botPort, bot, botLog);

    const surface = new SlackSurface({ eventsUrl: `http://127.0.0.1:${botPort}/slack/events`, signingSecret });
    const posts = apiRoutes({ slack, defender, clock, changes, reader, surface, bot });

    for (const [name, post] of Object.entries(posts)) {
      posts[name] = { schema: post.schema, handle: (body: never) => post.handle(body).catch((error: unknown) => ({ status: 503, body: { ok: false, error: `the bot could not be reached (${String(error)}); is it still running? Its log: ${botLog}` } })) };
    }
    const server = pageServer({ pageDir, state: () => reader.read(), posts });
    const port = await listen(server, options.port);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    return {
      url: `http://127.0.0.1:${port}/`,
      botPid: bot.pid,
      botPort,
      botLog,
      folder,
      botExited: bot.whenExited(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The parts of our environment the bot needs to run (never the operator's Slack or Azure settings). */
function passThrough(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'].flatMap((key) => (env[key] === undefined ? [] : [[key, env[key]!]])));
}

/** Waits until the bot's /readyz answers 200 (at most 120 s); throws if the bot exits first. */
async function untilReady(port: number, bot: BotChild, log: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    if (!bot.running) throw new Error(`the bot exited while starting. The end of its log:\n${await logTail(log)}`);
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the bot did not become ready within 120 s. The end of its log:\n${await logTail(log)}`);
}

/** The last lines of a log file (the folder holding it goes when the sandbox stops). */
export async function logTail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Listens on 127.0.0.1:`port`, or on a free port when that one is taken; resolves with the port. */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && port !== 0) {
        server.listen(0, '127.0.0.1');
        return;
      }
      reject(error);
    };
    server.on('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
    server.listen(port, '127.0.0.1');
  });
}
