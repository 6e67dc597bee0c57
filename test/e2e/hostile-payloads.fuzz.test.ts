import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/adapters/slack/action-ids.ts';
import { FakeDefender } from '../http-fakes/fake-defender.ts';
import { FakeEntra } from '../http-fakes/fake-entra.ts';
import { FakeGraph } from '../http-fakes/fake-graph.ts';
import { FakeSlack } from '../http-fakes/fake-slack.ts';
import { BotProcess, freePort } from '../support/bot-process.ts';
import { blockActionPayload, postSigned, slashCommandFields } from '../support/slack-requests.ts';
import { databaseTargets, type TestDatabase } from '../support/test-databases.ts';

/**
 * Property-based robustness (issue 9): thousands of signed Slack requests generated from the real
 * payload shapes, with fields removed, nulled, retyped, oversized and nested, and free text full of
 * Slack markup (mentions, broadcasts, links), sent to the bot running as `npm start` runs it, in a
 * process of its own. Whatever arrives: the process lives, every answer is 2xx or 4xx and comes
 * before Slack's 3 s, no indicator is created, and nothing Unblock shows in Slack carries a
 * mention, broadcast or link taken from the input.
 *
 * The seed is fixed, so CI runs the same 2,000 requests every time. A failure found with another
 * seed is kept below as a named example (`REGRESSIONS`).
 */
const SEED = 20_261_201;
const RUNS = 2_000;
const SIGNING_SECRET = 'fuzz-signing-secret-31c7';
const BOT_TOKEN = 'xoxb-fuzz-bot-token-5150';
const CLIENT_SECRET = 'fuzz-client-secret-8a8a';
const DEFENDER_SCOPE = 'https://api.securitycenter.microsoft.com/.default';
const APPROVER = 'U0APPROVER';

/** Slack markup planted in free text; none of it may come back out as markup. */
const MARKUP = ['<!channel>', '<!here>', '<!everyone>', '<@UEVIL0001>', '<https://evil.example/x|click here>', '<#C0EVIL|evil>', '<!subteam^S0EVIL>', '<mailto:x@evil.example|mail>'];
/** How that markup would look if it reached Slack live (as opposed to escaped as &lt;…). */
const LIVE_MARKUP = /<!channel|<!here|<!everyone|<@UEVIL|<https:\/\/evil\.example|<#C0EVIL|<!subteam\^S0EVIL|<mailto:x@evil/;

const userId = fc.constantFrom('U0FUZZ01', 'U0FUZZ02', 'W0FUZZ03', APPROVER);
const markup = fc.constantFrom(...MARKUP);
const freeText = fc.oneof(
  fc.string({ maxLength: 40 }),
  markup,
  fc.tuple(fc.constantFrom('fz.contoso.com', 'https://fz.contoso.com/login', '10.1.2.3', 'fz.contoso.com/a?b=1'), markup).map(([t, m]) => `${t} ${m}`),
  markup.map((m) => `<http://fz.contoso.com|${m}>`),
  markup.map((m) => `https://fz.contoso.com/${m}`),
);
const requestId = fc.oneof(fc.uuid(), freeText);

/** A JSON value of any type, for retyping a field. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  freeText,
  fc.array(freeText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), freeText, { maxKeys: 3 }),
);

type Mutation =
  | { readonly op: 'remove' | 'null' | 'oversize' | 'nest'; readonly at: number }
  | { readonly op: 'retype'; readonly at: number; readonly value: unknown }
  | { readonly op: 'add'; readonly at: number; readonly key: string; readonly value: unknown };

/** Keys that decide how Bolt and Unblock read a payload (Bolt's getTypeAndConversation reads the first four). */
const SIGNIFICANT_KEYS = ['event', 'command', 'name', 'actions', 'type', 'user', 'user_id', 'channel', 'view', 'response_url', 'payload', 'ssl_check', 'challenge', 'container', 'state'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('remove', 'null', 'oversize', 'nest'), at: fc.nat() }) as fc.Arbitrary<Mutation>,
  fc.record({ op: fc.constant('retype'), at: fc.nat(), value: anyValue }) as fc.Arbitrary<Mutation>,
  // A key the shape does not have, at the top level or inside any object of it.
  fc.record({ op: fc.constant('add'), at: fc.nat(), key: fc.oneof(fc.constantFrom(...SIGNIFICANT_KEYS), fc.string({ maxLength: 8 })), value: anyValue }) as fc.Arbitrary<Mutation>,
);

/** The real shapes, with generated values where people type or click. */
const responseId = fc.integer({ min: 1, max: 1_000_000 }).map(String);

interface Wire {
  /** How it travels: a slash command's form fields, an interaction's form `payload`, or Events API JSON. */
  readonly kind: 'command' | 'interaction' | 'event';
  readonly payload: Record<string, unknown>;
}

function shapes(slack: FakeSlack): fc.Arbitrary<Wire> {
  const command = fc.record({ text: freeText, user: userId, id: responseId }).map(({ text, user, id }) => ({
    kind: 'command' as const,
    payload: slashCommandFields({ text, userId: user, responseUrl: slack.responseUrl(`fuzz-${id}`), wire: true }) as Record<string, unknown>,
  }));
  const click = fc
    .record({ action: fc.constantFrom(...Object.values(ACTIONS), 'open_portal_link'), value: requestId, user: userId, id: responseId, duration: fc.option(freeText) })
    .map(({ action, value, user, id, duration }) => ({
      kind: 'interaction' as const,
      payload: blockActionPayload({
        actionId: action,
        value,
        userId: user,
        channelId: 'C0APPROVALS',
        messageTs: '1790000000.000100',
        responseUrl: slack.responseUrl(`fuzz-${id}`),
        ...(duration === null ? {} : { duration }),
      }),
    }));
  const view = fc.record({ type: fc.constantFrom('view_submission', 'view_closed'), user: userId, text: freeText }).map(({ type, user, text }) => ({
    kind: 'interaction' as const,
    payload: {
      type,
      team: { id: 'T0TEAM', domain: 'contoso' },
      user: { id: user, username: 'fuzz', team_id: 'T0TEAM' },
      api_app_id: 'A0UNBLOCK',
      view: { id: 'V0FUZZ', callback_id: 'unknown_modal', state: { values: { b: { a: { type: 'plain_text_input', value: text } } } }, private_metadata: text },
    },
  }));
  const other = fc.record({ type: fc.constantFrom('shortcut', 'message_action', 'block_suggestion', 'interactive_message'), user: userId, text: freeText }).map(({ type, user, text }) => ({
    kind: 'interaction' as const,
    payload: { type, user: { id: user }, team: { id: 'T0TEAM' }, callback_id: 'x', action_id: ACTIONS.duration, value: text, message: { ts: '1.2', text }, trigger_id: '1.2.3' },
  }));
  const event = fc.record({ type: fc.constantFrom('app_mention', 'message', 'app_home_opened', 'member_joined_channel'), user: userId, text: freeText }).map(({ type, user, text }) => ({
    kind: 'event' as const,
    payload: { type: 'event_callback', team_id: 'T0TEAM', api_app_id: 'A0UNBLOCK', event_id: 'Ev0FUZZ', event_time: 1_790_000_000, event: { type, user, text, channel: 'C0GENERAL', ts: '1790000000.000200' } },
  }));
  return fc.oneof({ arbitrary: command, weight: 3 }, { arbitrary: click, weight: 3 }, view, other, event);
}

/** Every [container, key] pair in a JSON value, depth first, the root's own keys included. */
function slots(value: unknown, into: Array<[Record<string, unknown> | unknown[], string | number]> = []) {
  if (Array.isArray(value)) value.forEach((item, i) => (into.push([value, i]), slots(item, into)));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.push([value as Record<string, unknown>, key]);
      slots(item, into);
    }
  }
  return into;
}

function mutate(payload: Record<string, unknown>, mutations: readonly Mutation[]): Record<string, unknown> {
  const copy = structuredClone(payload);
  for (const m of mutations) {
    if (m.op === 'add') {
      const objects = [copy, ...slots(copy).map(([c, k]) => (c as Record<string | number, unknown>)[k]).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v))];
      objects[m.at % objects.length]![m.key] = structuredClone(m.value);
      continue;
    }
    const all = slots(copy);
    if (all.length === 0) break;
    const [container, key] = all[m.at % all.length]!;
    const set = (value: unknown) => ((container as Record<string | number, unknown>)[key] = value);
    const current = (container as Record<string | number, unknown>)[key];
    if (m.op === 'remove') {
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
    } else if (m.op === 'null') set(null);
    else if (m.op === 'retype') set(structuredClone(m.value));
    else if (m.op === 'oversize') set(typeof current === 'string' ? current.repeat(Math.ceil(50_000 / Math.max(1, current.length))) : 'x'.repeat(50_000));
    else set(m.at % 2 === 0 ? { nested: current } : [current]);
  }
  return copy;
}

/** The HTTP request Slack would make for `wire` (form fields are strings on the wire). */
function httpBody(wire: Wire): { body: string; contentType: 'application/x-www-form-urlencoded' | 'application/json' } {
  if (wire.kind === 'event') return { body: JSON.stringify(wire.payload), contentType: 'application/json' };
  if (wire.kind === 'interaction') return { body: new URLSearchParams({ payload: JSON.stringify(wire.payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
  const fields = Object.entries(wire.payload).flatMap(([k, v]): Array<[string, string]> => (v === undefined ? [] : [[k, typeof v === 'string' ? v : JSON.stringify(v)]]));
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/**
 * Requests that once broke the bot, kept as named examples (issue 9: "keep the seed of any failure
 * as a named test"): found by the critic before the fuzz learned to add keys (Bolt reads a payload
 * with an `event` as an event and one with a `name` as an options request). Each is sent before the
 * property runs; none may make the bot log a failed request.
 */
const REGRESSIONS: Array<{ name: string; wire: Wire }> = [
  { name: 'a click that also has "event": null', wire: { kind: 'interaction', payload: { ...regressionClick(), event: null } } },
  { name: 'a click that also has "event": "x"', wire: { kind: 'interaction', payload: { ...regressionClick(), event: 'x' } } },
  { name: 'a click that also has a "name"', wire: { kind: 'interaction', payload: { ...regressionClick(), name: 'x' } } },
  { name: 'a slash command that also has "event": {}', wire: { kind: 'event', payload: { command: '/portal-blocked', user_id: 'U0FUZZ09', text: 'fz9.contoso.com', event: {} } } },
  { name: 'a slash command that also has "event": null', wire: { kind: 'event', payload: { command: '/portal-blocked', user_id: 'U0FUZZ09', text: 'fz9.contoso.com', event: null } } },
];

function regressionClick(): Record<string, unknown> {
  return blockActionPayload({
    actionId: ACTIONS.approve,
    value: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    userId: APPROVER,
    channelId: 'C0APPROVALS',
    messageTs: '1790000000.000100',
    responseUrl: 'http://127.0.0.1:9/unused',
  });
}

describe('hostile signed payloads (fast-check, fixed seed)', () => {
  const slack = new FakeSlack(BOT_TOKEN);
  const entra = new FakeEntra('contoso-tenant', 'unblock-fuzz-client', CLIENT_SECRET);
  const graph = new FakeGraph(entra);
  const defender = new FakeDefender(entra, DEFENDER_SCOPE);
  let bot: BotProcess;
  // A migrated copy of the PGlite template: the bot starts without a migrations child.
  let database: TestDatabase;
  const acks: string[] = [];

  beforeAll(async () => {
    await Promise.all([slack.start(), entra.start(), graph.start(), defender.start()]);
    database = await databaseTargets().find((t) => t.name === 'pglite')!.create({ migrated: true });
    ({ bot } = await BotProcess.start({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(await freePort()),
      APPROVAL_CHANNEL_ID: 'C0APPROVALS',
      APPROVER_USER_IDS: APPROVER,
      AZURE_TENANT_ID: entra.tenantId,
      AZURE_CLIENT_ID: entra.clientId,
      AZURE_CLIENT_SECRET: CLIENT_SECRET,
      AZURE_AUTHORITY_HOST: entra.authorityHost,
      AZURE_DISABLE_INSTANCE_DISCOVERY: 'true',
      GRAPH_BASE_URL: graph.baseUrl,
      DEFENDER_API_URL: defender.apiUrl,
      DEFENDER_API_SCOPE: DEFENDER_SCOPE,
      DATA_DIR: database.settings.dataDir,
      LOG_LEVEL: 'warn',
    }));
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await Promise.all([slack.stop(), entra.stop(), graph.stop(), defender.stop()]);
    await database?.drop();
  });

  async function send(wire: Wire): Promise<void> {
    const { body, contentType } = httpBody(wire);
    const started = performance.now();
    const reply = await postSigned({ url: `http://127.0.0.1:${bot.port}/slack/events`, secret: SIGNING_SECRET, body, contentType });
    const elapsed = performance.now() - started;
    acks.push(reply.body);
    expect(bot.running, `the bot exited:\n${bot.lastOutput}`).toBe(true);
    expect(reply.status, `answered ${reply.status}: ${reply.body}`).toBeGreaterThanOrEqual(200);
    expect(reply.status, `answered ${reply.status}: ${reply.body}`).toBeLessThan(500);
    // Slack gives up after 3 s; Bolt's own answer to an unacknowledged request comes only then.
    expect(elapsed, 'answered after Slack gave up').toBeLessThan(3_000);
    expect(reply.status).not.toBe(404);
  }

  it.each(REGRESSIONS)('acknowledges $name without a failed request', async ({ wire }) => {
    await send(wire);
    expect(bot.errors.has('a Slack request failed')).toBe(false);
  });

  it(`survives ${RUNS} generated requests, shows no markup from them, creates no indicator`, async () => {
    await fc.assert(
      fc.asyncProperty(shapes(slack), fc.array(mutation, { maxLength: 4 }), async (wire, mutations) => {
        await send({ kind: wire.kind, payload: mutate(wire.payload, mutations) });
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // Let queued work (hunting, replies, the outbox) finish before reading what Slack received.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(bot.running, `the bot exited:\n${bot.lastOutput}`).toBe(true);
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);

    expect(defender.requests.filter((r) => r.method === 'POST')).toEqual([]);
    const shown = [
      ...slack.calls.filter((c) => c.method.startsWith('chat.')).map((c) => JSON.stringify(c.args)),
      ...[...slack.responses.values()].flat().map((r) => JSON.stringify(r)),
      ...acks,
    ];
    expect(shown.length).toBeGreaterThan(RUNS / 2);
    expect(shown.filter((text) => LIVE_MARKUP.test(text))).toEqual([]);
    // Nothing failed on the way either: every request was screened before Bolt could trip over it.
    expect([...bot.errors.keys()].filter((m) => /nothing handled it|reached the event loop|a Slack request failed/.test(m))).toEqual([]);
  }, 600_000);
});
