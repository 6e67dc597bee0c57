import { parse as parseIsoDuration, toSeconds } from 'iso8601-duration';
import { z } from 'zod';
import { blockIdOf, type ActionInput, type ClockInput, type CommandInput } from '../shared/sandbox-api.ts';
import type { BotChild } from './bot-child.ts';
import type { ApiAnswer, PostRoute } from './page-server.ts';
import { APPROVAL_CHANNEL, COMMAND_CHANNEL, SANDBOX_USERS } from './sample-tenant.ts';
import type { SandboxClock } from './sandbox-clock.ts';
import type { SandboxStateReader } from './sandbox-state.ts';
import type { SlackSurface } from './slack-surface.ts';
import type { ChangeCounter, SandboxDefender, SandboxSlack } from './stand-ins.ts';

/** Longest single move of the sandbox clock: past the longest allow (30 days) with room to spare. */
const MAX_CLOCK_STEP_SECONDS = 400 * 86_400;

const userId = z.enum(SANDBOX_USERS.map((u) => u.id) as [string, ...string[]]);
const selectedOption = z.object({ type: z.literal('static_select'), selected_option: z.object({ text: z.object({ type: z.literal('plain_text'), text: z.string() }), value: z.string() }) });
const schemas = {
  // Any text, none included: Slack passes it on as typed, and the bot answers it (its usage, a refusal).
  command: z.object({ userId, text: z.string().max(40_000) }) satisfies z.ZodType<CommandInput>,
  action: z.object({
    userId,
    surface: z.discriminatedUnion('kind', [z.object({ kind: z.literal('message'), channel: z.string(), ts: z.string() }), z.object({ kind: z.literal('home') })]),
    blockId: z.string(),
    actionId: z.string(),
    type: z.enum(['button', 'static_select']),
    value: z.string().optional(),
    selectedOption: z.object({ value: z.string(), text: z.string() }).optional(),
    state: z.record(z.string(), z.record(z.string(), selectedOption)),
    blocks: z.array(z.unknown()).max(100).optional(),
  }) satisfies z.ZodType<ActionInput>,
  homeOpened: z.object({ userId }),
  clock: z.object({ advance: z.string() }) satisfies z.ZodType<ClockInput>,
};

/** An element of a block, loosely typed for finding what was clicked. */
type Element = { type: string; action_id?: string; value?: string; text?: unknown; style?: string; options?: Array<{ value: string; text: { text: string } }> };
type Block = { type: string; block_id?: string; elements?: Element[]; accessory?: Element };

/** What the routes act on: the stand-ins, the clock, the state the page reads, the bot. */
export interface ApiRouteDeps {
  readonly slack: SandboxSlack;
  readonly defender: SandboxDefender;
  readonly clock: SandboxClock;
  readonly changes: ChangeCounter;
  readonly reader: SandboxStateReader;
  readonly surface: SlackSurface;
  readonly bot: BotChild;
}

/**
 * The page's POST routes (sandbox/shared/sandbox-api.ts), each body checked by its zod schema:
 * `command` (a slash command typed in #general), `action` (a click or a choice on a message or the
 * Home tab, checked against the blocks Slack holds: the control must be there, the option in the
 * select), `home-opened`, and `clock` (forward only, by an ISO-8601 duration of at most 400 days; the
 * bot then runs what became due before the answer).
 */
export function apiRoutes(deps: ApiRouteDeps): Record<string, PostRoute<never>> {
  const { slack, defender, clock, changes, reader, surface, bot } = deps;
  let responses = 0;
  const newResponseUrl = (owner: { userId: string; channel: string; threadTs?: string }) => {
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
      const message = input.surface.kind === 'message' ? slack.messages.find((m) => m.channel === (input.surface as { channel: string }).channel && m.ts === (input.surface as { ts: string }).ts) : undefined;
      const held = input.surface.kind === 'home' ? slack.homeOf(input.userId)?.view.blocks : message?.blocks;
      if (!held) return refuse('that message or Home view is not there');
      // Slack sends the message as the clicker's client drew it: a click on a message changed since
      // still reaches the bot, which refuses it itself.
      const drawn = input.blocks ?? held;
      const element = findElement(drawn as Block[], input.blockId, input.actionId);
      if (!element) return refuse(`no control ${input.actionId} on that message`);
      if (input.type === 'static_select' && !element.element.options?.some((o) => o.value === input.selectedOption?.value)) return refuse('that option is not in the select');
      const status = await surface.action(
        { ...input, blockId: element.blockId },
        {
          element: element.element,
          blocks: drawn,
          ...(input.surface.kind === 'message'
            ? {
                responseUrl: newResponseUrl({ userId: input.userId, channel: input.surface.channel, ...(message?.thread_ts ? { threadTs: message.thread_ts } : {}) }),
                channelName: input.surface.channel === APPROVAL_CHANNEL.id ? APPROVAL_CHANNEL.name : 'directmessage',
                text: message?.text ?? '',
              }
            : {}),
        },
      );
      return status === 200 ? ok({ status }) : { status: 502, body: { ok: false, status, error: `the bot answered HTTP ${status}` } };
    }),
    'home-opened': route(schemas.homeOpened, async (input) => {
      const status = await surface.homeOpened(input.userId);
      return status === 200 ? ok() : { status: 502, body: { ok: false, error: `the bot answered HTTP ${status}` } };
    }),
    clock: route(schemas.clock, async (input) => {
      // iso8601-duration reads "-P1D" as P1D: the clock never goes back, so say so.
      if (input.advance.trim().startsWith('-')) return refuse('the sandbox clock only moves forward: give a positive duration such as P1D');
      const seconds = durationSeconds(input.advance.trim());
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

  return posts;
}

function route<T>(schema: z.ZodType<T>, handle: (body: T) => Promise<ApiAnswer>): PostRoute<never> {
  return { schema, handle } as unknown as PostRoute<never>;
}

/** The element `actionId` in the block the click names (`blockId`, as blockIdOf gives it), or undefined. */
function findElement(blocks: readonly Block[], blockId: string, actionId: string): { element: Element; blockId: string } | undefined {
  // Only in the block the click names: the first control of that kind elsewhere (another request's
  // Approve on a Home view) is a different click.
  for (const [index, block] of blocks.entries()) {
    if (blockIdOf(block, index) !== blockId) continue;
    const element = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])].find((e) => e.action_id === actionId);
    return element ? { element, blockId } : undefined;
  }
  return undefined;
}

/** Seconds in an ISO-8601 duration (years and months as iso8601-duration counts them), or undefined. */
function durationSeconds(text: string): number | undefined {
  try {
    return toSeconds(parseIsoDuration(text));
  } catch {
    return undefined;
  }
}

