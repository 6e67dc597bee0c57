import { z } from 'zod';
import { ACTIONS, HOME_ACTIONS, SLASH_COMMAND } from '../action-ids.ts';
import { SLACK_CONVERSATION_ID, SLACK_USER_ID } from '../slack-ids.ts';

/** A Slack user id as Slack signs it into payloads (SLACK_USER_ID). */
export const SlackUserId = z.string().regex(SLACK_USER_ID);

/** A Slack conversation id (SLACK_CONVERSATION_ID). */
export const SlackChannelId = z.string().regex(SLACK_CONVERSATION_ID);

/**
 * A response_url: Slack hands out https URLs on its own hosts (hooks.slack.com); any http(s) URL is
 * taken, as Bolt's `respond` does, because tests point it at a loopback stand-in and only Slack (or
 * whoever holds the signing secret) can sign a payload.
 */
const ResponseUrl = z.url({ protocol: /^https?$/ }).max(2_048);
const Id = z.string().min(1).max(255);
const Team = z.object({ id: Id }).nullish();

/**
 * The fields of a slash-command payload (form-encoded over HTTP, JSON in Socket Mode) that Unblock
 * and Bolt read (docs.slack.dev/interactivity/implementing-slash-commands "Preparing your app to
 * receive Commands"). `response_url` and `channel_id` may be missing: the reply then finds another
 * way to the user (privateReply).
 */
const CommandPayload = z.object({
  command: z.string().max(255),
  user_id: SlackUserId,
  text: z.string().max(12_000).optional(),
  response_url: ResponseUrl.optional(),
  channel_id: SlackChannelId.optional(),
  team_id: Id.optional(),
  enterprise_id: Id.optional(),
});

/**
 * The fields of a `block_actions` payload Unblock and Bolt read (docs.slack.dev/reference/interaction-payloads/block_actions-payload).
 * Slack sends one action per payload; `channel`, `message` and `response_url` are absent for clicks
 * in App Home tabs and modals.
 */
const BlockActionsPayload = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: SlackUserId }),
  actions: z.array(z.object({ action_id: z.string().max(255), block_id: z.string().max(255).optional(), value: z.string().max(2_000).optional() })).min(1).max(25),
  channel: z.object({ id: SlackChannelId }).optional(),
  message: z.object({ ts: z.string().max(64) }).optional(),
  container: z.looseObject({ type: z.string().max(64).optional(), channel_id: SlackChannelId.optional() }).optional(),
  // A click in the App Home tab carries the view as published, the selects' state inside it
  // (block_actions payload `view`; container.type "view"; slack.md §9 "App Home").
  view: z
    .looseObject({
      id: Id,
      type: z.string().max(64),
      state: z.object({ values: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))) }).optional(),
    })
    .optional(),
  response_url: ResponseUrl.optional(),
  team: Team,
  enterprise: Team,
  state: z.object({ values: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))) }).optional(),
});

/** `view_submission` / `view_closed` (docs.slack.dev/reference/interaction-payloads/view-interactions-payload). */
const ViewPayload = z.object({
  type: z.enum(['view_submission', 'view_closed']),
  user: z.object({ id: SlackUserId }),
  view: z.object({ id: Id, callback_id: z.string().max(255).optional() }),
  team: Team,
});

/** An Events API envelope (docs.slack.dev/apis/events-api "Callback field overview"). */
const EventPayload = z.object({
  type: z.literal('event_callback'),
  event: z.object({ type: z.string().min(1).max(255) }),
  team_id: Id.optional(),
});

/**
 * `app_home_opened` (docs.slack.dev/reference/events/app_home_opened): `user` opened the app's
 * `tab` (`home` or `messages`); Unblock publishes only for the Home tab.
 */
const AppHomeOpenedPayload = z.object({
  type: z.literal('event_callback'),
  event: z.object({ type: z.literal('app_home_opened'), user: SlackUserId, tab: z.string().max(64), channel: z.string().max(255).optional() }),
  team_id: Id.optional(),
});

/** Global and message shortcuts, and options requests of external selects. */
const OtherInteraction = z.object({
  type: z.enum(['shortcut', 'message_action', 'block_suggestion']),
  user: z.object({ id: SlackUserId }),
  team: Team,
});

/** The action ids of Unblock's own buttons and selects (action-ids.ts), on messages and the App Home tab. */
const KNOWN_ACTIONS: ReadonlySet<string> = new Set([...Object.values(ACTIONS), ...Object.values(HOME_ACTIONS)]);

/**
 * What to do with a signed request before Bolt routes it:
 * - `route`: a request Unblock handles (its slash command, one of its buttons or selects), well formed;
 * - `ignore`: well formed, but nothing Unblock handles (another command, an unknown action such as a
 *   URL button's, a view Unblock did not open, an event, a shortcut): acked, logged at debug level;
 * - `refuse`: a request Unblock cannot read (a missing or mistyped field): acked so Slack does not
 *   retry, logged, nothing changes. `reason` names the first offending field, never its value.
 */
export type Screening =
  | { readonly verdict: 'route' }
  | { readonly verdict: 'ignore'; readonly what: string }
  | { readonly verdict: 'refuse'; readonly what: string; readonly reason: string };

/**
 * Screens a Slack payload (already signature-checked, parsed from JSON or a form) against the shapes
 * Unblock and Bolt read. Pure; never throws, whatever `body` is.
 */
export function screenSlackPayload(body: unknown): Screening {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse('request', 'the body is not an object');
  const fields = body as Record<string, unknown>;
  const screening = screenByShape(fields);
  if (screening.verdict !== 'route') return screening;
  // What reaches Bolt must be read by Bolt as the same kind: a click that also has an `event` or a
  // `name` field would be routed as an event or an options request, and fail inside Bolt.
  const expected = 'command' in fields ? 'command' : fields.type === 'event_callback' ? 'event' : 'action';
  const bolt = boltKind(fields);
  const what = { command: 'slash command', event: 'event_callback', action: 'block_actions' } as const;
  return bolt === expected ? screening : refuse(what[expected], `fields of another kind (Bolt reads it as ${bolt ?? 'nothing'})`);
}

/**
 * The kind Bolt gives a payload, in Bolt's own order (@slack/bolt 5 helpers.ts
 * getTypeAndConversation): `event` first, then `command`, then `name` or block_suggestion (options),
 * then `actions` or dialog_submission, shortcuts, views.
 */
function boltKind(fields: Record<string, unknown>): 'event' | 'command' | 'options' | 'action' | 'shortcut' | 'view' | undefined {
  if (fields.event !== undefined) return 'event';
  if (fields.command !== undefined) return 'command';
  if (fields.name !== undefined || fields.type === 'block_suggestion') return 'options';
  if (fields.actions !== undefined || fields.type === 'dialog_submission') return 'action';
  if (fields.type === 'shortcut' || fields.type === 'message_action') return 'shortcut';
  if (fields.type === 'view_submission' || fields.type === 'view_closed') return 'view';
  return undefined;
}

function screenByShape(fields: Record<string, unknown>): Screening {
  const body = fields;
  if ('command' in fields) {
    const command = CommandPayload.safeParse(body);
    if (!command.success) return refuse('slash command', firstIssue(command.error));
    return command.data.command === SLASH_COMMAND ? ROUTE : { verdict: 'ignore', what: 'another slash command' };
  }
  switch (fields.type) {
    case 'block_actions': {
      const click = BlockActionsPayload.safeParse(body);
      if (!click.success) return refuse('block_actions', firstIssue(click.error));
      const unknown = click.data.actions.find((action) => !KNOWN_ACTIONS.has(action.action_id));
      return unknown ? { verdict: 'ignore', what: 'block_actions with an action Unblock did not create' } : ROUTE;
    }
    case 'view_submission':
    case 'view_closed':
      return checked(ViewPayload, body, String(fields.type), 'a view Unblock did not open');
    case 'event_callback': {
      const event = fields.event;
      if (typeof event !== 'object' || event === null || (event as { type?: unknown }).type !== 'app_home_opened') {
        return checked(EventPayload, body, 'event_callback', 'an event Unblock does not subscribe to');
      }
      const opened = AppHomeOpenedPayload.safeParse(body);
      if (!opened.success) return refuse('app_home_opened', firstIssue(opened.error));
      return opened.data.event.tab === 'home' ? ROUTE : { verdict: 'ignore', what: 'app_home_opened for the Messages tab' };
    }
    case 'shortcut':
    case 'message_action':
    case 'block_suggestion':
      return checked(OtherInteraction, body, String(fields.type), 'an interaction Unblock does not offer');
    default:
      return { verdict: 'ignore', what: 'a request type Unblock does not handle' };
  }
}

const ROUTE: Screening = { verdict: 'route' };

function refuse(what: string, reason: string): Screening {
  return { verdict: 'refuse', what, reason };
}

/** Well-formed requests of a kind Unblock has no listener for are ignored; malformed ones refused. */
function checked(schema: z.ZodType, body: unknown, what: string, ignored: string): Screening {
  const parsed = schema.safeParse(body);
  return parsed.success ? { verdict: 'ignore', what: ignored } : refuse(what, firstIssue(parsed.error));
}

/** The first problem as "field.path: message", without the value (which may be anything). */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.') || '(root)';
  return `${path}: ${issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.code}`;
}
