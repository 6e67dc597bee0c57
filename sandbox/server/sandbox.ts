import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseIsoDuration, toSeconds } from 'iso8601-duration';
import { z } from 'zod';
import type { ActionInput, ClockInput, CommandInput } from '../shared/sandbox-api.ts';
import { FakeEntra } from '../../test/http-fakes/fake-entra.ts';
import { FakeGraph } from '../../test/http-fakes/fake-graph.ts';
import { BotChild } from './bot-child.ts';
import { pageServer, type ApiAnswer, type PostRoute } from './page-server.ts';
import { APPROVAL_CHANNEL, COMMAND_CHANNEL, sampleHuntingTables, SANDBOX_USERS } from './sample-tenant.ts';
import { SandboxClock } from './sandbox-clock.ts';
import { SandboxStateReader } from './sandbox-state.ts';
import { SlackSurface } from './slack-surface.ts';
import { ChangeCounter, SandboxDefender, SandboxSlack } from './stand-ins.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SIGNING_SECRET = 'sandbox-signing-secret';
const DEFENDER_SCOPE = 'https://api.securitycenter.microsoft.com/.default';
/** Longest single move of the sandbox clock: past the longest allow (30 days) with room to spare. */
const MAX_CLOCK_STEP_SECONDS = 400 * 86_400;

/** A running sandbox: its page's address, its bot, and how to stop all of it. */
export interface RunningSandbox {
  /** The page, e.g. `http://127.0.0.1:4480/` (loopback only). */
  readonly url: string;
  /** The bot's process id and its log file (pino JSON). */
  readonly botPid: number;
  readonly botLog: string;
  /** The temporary folder holding the embedded database, the log and the built page; removed by stop(). */
  readonly folder: string;
  /** Resolves with the bot's exit code if it exits without stop() (a crash). */
  readonly botExited: Promise<number | null>;
  /** Stops the bot (SIGTERM, its graceful stop), the page and the stand-ins, and removes the folder. */
  stop(): Promise<void>;
}

const userId = z.enum(SANDBOX_USERS.map((u) => u.id) as [string, ...string[]]);
const selectedOption = z.object({ type: z.literal('static_select'), selected_option: z.object({ text: z.object({ type: z.literal('plain_text'), text: z.string() }), value: z.string() }) });
const schemas = {
  command: z.object({ userId, text: z.string().trim().min(1, 'type what is blocked after /portal-blocked').max(3000) }) satisfies z.ZodType<CommandInput>,
  action: z.object({
    userId,
    surface: z.discriminatedUnion('kind', [z.object({ kind: z.literal('message'), channel: z.string(), ts: z.string() }), z.object({ kind: z.literal('home') })]),
    blockId: z.string(),
    actionId: z.string(),
    type: z.enum(['button', 'static_select']),
    value: z.string().optional(),
    selectedOption: z.object({ value: z.string(), text: z.string() }).optional(),
    state: z.record(z.string(), z.record(z.string(), selectedOption)),
  }) satisfies z.ZodType<ActionInput>,
  homeOpened: z.object({ userId }),
  clock: z.object({ advance: z.string() }) satisfies z.ZodType<ClockInput>,
};

/** An element of a block, loosely typed for finding what was clicked. */
type Element = { type: string; action_id?: string; value?: string; text?: unknown; style?: string; options?: Array<{ value: string; text: { text: string } }> };
type Block = { type: string; block_id?: string; elements?: Element[]; accessory?: Element };

/**
 * Starts the sandbox: the loopback stand-ins for Slack, Entra ID, Graph and Defender with the sample
 * tenant, the real bot (bot-process.ts: `npm start`'s start-up, embedded database in a temporary
 * folder, HTTP mode, the sandbox clock) and the page's server on 127.0.0.1:`port` (a free port when
 * it is taken or 0). `buildPage` builds the page into the folder it is given.
 */
export async function startSandbox(options: { port: number; buildPage: (outDir: string) => Promise<void> }): Promise<RunningSandbox> {
  const folder = await mkdtemp(join(tmpdir(), 'unblock-sandbox-'));
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
    defender.seed({ indicatorValue: 'logistics.contoso.com', indicatorType: 'DomainName', action: 'Block', title: 'Block logistics portal (supplier incident 2025)', description: 'Added by hand, never removed', expirationTime: null, createdBy: 'secops-admin@contoso.com' });

    const pageDir = join(folder, 'page');
    await options.buildPage(pageDir);

    const botPort = await freePort();
    const botLog = join(folder, 'bot.log');
    const bot = await BotChild.start(
      {
        ...passThrough(process.env),
        NODE_EXTRA_CA_CERTS: join(ROOT, 'test/fixtures/tls/ca.pem'),
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(botPort),
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

    const surface = new SlackSurface({ eventsUrl: `http://127.0.0.1:${botPort}/slack/events`, signingSecret: SIGNING_SECRET });
    let responses = 0;
    const newResponseUrl = (owner: { userId: string; channel: string }) => {
      const id = `r${++responses}`;
      reader.responseOwners.set(id, owner);
      return slack.responseUrl(id);
    };
    const ok = (body: Record<string, unknown> = {}): ApiAnswer => ({ status: 200, body: { ok: true, ...body } });
    const refuse = (error: string): ApiAnswer => ({ status: 400, body: { ok: false, error } });

    const posts: Record<string, PostRoute<never>> = {
      command: route(schemas.command, async (input) => {
        const answer = await surface.command(input.userId, input.text, newResponseUrl({ userId: input.userId, channel: COMMAND_CHANNEL.id }));
        if (answer.reply !== undefined) {
          reader.acks.push({ id: `ack${reader.acks.length + 1}`, userId: input.userId, channel: COMMAND_CHANNEL.id, text: answer.reply, postedAt: clock.now().toISOString() });
          changes.bump();
        }
        return answer.status === 200 ? ok(answer.reply === undefined ? {} : { reply: answer.reply }) : { status: 502, body: { ok: false, error: `the bot answered HTTP ${answer.status}` } };
      }),
      action: route(schemas.action, async (input) => {
        const surfaceBlocks =
          input.surface.kind === 'home' ? slack.homeOf(input.userId)?.view.blocks : slack.messages.find((m) => m.channel === (input.surface as { channel: string }).channel && m.ts === (input.surface as { ts: string }).ts)?.blocks;
        if (!surfaceBlocks) return refuse('that message or Home view is not there');
        const element = findElement(surfaceBlocks as Block[], input.blockId, input.actionId);
        if (!element) return refuse(`no control ${input.actionId} on it any more`);
        if (input.type === 'static_select' && !element.element.options?.some((o) => o.value === input.selectedOption?.value)) return refuse('that option is not in the select');
        const status = await surface.action(
          { ...input, blockId: element.blockId },
          {
            element: element.element,
            blocks: surfaceBlocks,
            ...(input.surface.kind === 'message' ? { responseUrl: newResponseUrl({ userId: input.userId, channel: input.surface.channel }), channelName: input.surface.channel === APPROVAL_CHANNEL.id ? APPROVAL_CHANNEL.name : 'directmessage' } : {}),
          },
        );
        return status === 200 ? ok({ status }) : { status: 502, body: { ok: false, status, error: `the bot answered HTTP ${status}` } };
      }),
      'home-opened': route(schemas.homeOpened, async (input) => {
        const status = await surface.homeOpened(input.userId);
        return status === 200 ? ok() : { status: 502, body: { ok: false, error: `the bot answered HTTP ${status}` } };
      }),
      clock: route(schemas.clock, async (input) => {
        const seconds = durationSeconds(input.advance);
        if (seconds === undefined) return refuse(`"${input.advance}" is not an ISO-8601 duration such as PT1H, P1D or P7DT12H`);
        if (seconds <= 0 || seconds > MAX_CLOCK_STEP_SECONDS) return refuse('move the clock forward by more than nothing and at most 400 days at a time');
        clock.advance(seconds * 1000);
        changes.bump();
        defender.expire();
        const now = await bot.moveClock(clock.offsetMs);
        changes.bump();
        return ok({ now });
      }),
    };

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

function route<T>(schema: z.ZodType<T>, handle: (body: T) => Promise<ApiAnswer>): PostRoute<never> {
  return { schema, handle } as unknown as PostRoute<never>;
}

/** The element `actionId` on the blocks, preferably in block `blockId`, with the block id Slack would send. */
function findElement(blocks: readonly Block[], blockId: string, actionId: string): { element: Element; blockId: string } | undefined {
  const candidates = blocks.flatMap((block, index) =>
    [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])].filter((e) => e.action_id === actionId).map((element) => ({ element, blockId: block.block_id ?? `b${index}` })),
  );
  return candidates.find((c) => c.blockId === blockId) ?? candidates[0];
}

/** Seconds in an ISO-8601 duration (years and months as iso8601-duration counts them), or undefined. */
function durationSeconds(text: string): number | undefined {
  try {
    return toSeconds(parseIsoDuration(text));
  } catch {
    return undefined;
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
