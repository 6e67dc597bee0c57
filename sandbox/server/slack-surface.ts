import type { ActionInput } from '../shared/sandbox-api.ts';
import { appHomeOpenedBody, postSigned, slashCommandBody } from '../../test/support/slack-requests.ts';

/** A Block Kit element as the page clicked it (only what a block_actions payload repeats). */
interface ClickedElement {
  readonly type: string;
  readonly action_id?: string;
  readonly text?: unknown;
  readonly value?: string;
  readonly style?: string;
}

/**
 * What a person does in the sandbox's Slack, sent to the bot as Slack sends it: signed with the
 * app's signing secret (v0 HMAC-SHA256, docs.slack.dev/authentication/verifying-requests-from-slack),
 * slash commands and interactivity form-encoded, events as JSON, to the bot's `/slack/events`.
 */
export class SlackSurface {
  private readonly eventsUrl: string;
  private readonly signingSecret: string;

  constructor(options: { eventsUrl: string; signingSecret: string }) {
    this.eventsUrl = options.eventsUrl;
    this.signingSecret = options.signingSecret;
  }

  /**
   * `/portal-blocked <typed>` by `userId` in #general: Slack escapes `& < >` and links URLs in the
   * text (test/support/slack-requests.ts slackCommandText). Returns the bot's HTTP status and its
   * immediate reply text (the ack body), if any.
   */
  async command(userId: string, typed: string, responseUrl: string): Promise<{ status: number; reply: string | undefined }> {
    const answer = await postSigned({ url: this.eventsUrl, secret: this.signingSecret, body: slashCommandBody({ text: typed, userId, responseUrl }) });
    let reply: string | undefined;
    if (answer.body) {
      try {
        reply = (JSON.parse(answer.body) as { text?: string }).text;
      } catch {
        reply = answer.body;
      }
    }
    return { status: answer.status, reply };
  }

  /** The Events API's `app_home_opened` for `userId` on the Home tab. */
  async homeOpened(userId: string): Promise<number> {
    return (await postSigned({ url: this.eventsUrl, secret: this.signingSecret, body: appHomeOpenedBody({ userId, tab: 'home' }), contentType: 'application/json' })).status;
  }

  /**
   * A click on a button or a choice in a static select, as the block_actions payload Slack sends
   * (docs.slack.dev/reference/interaction-payloads/block_actions-payload): on a message, the message
   * as the clicker's client holds it, the channel and a response_url; on the App Home tab, the view
   * with the selects' state inside it and no response_url. `element` is the element clicked, as
   * the blocks hold it.
   */
  async action(input: ActionInput, context: { element: ClickedElement; blocks: readonly unknown[]; responseUrl?: string; channelName?: string; text?: string }): Promise<number> {
    const user = { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: 'T0TEAM' };
    const action = {
      action_id: input.actionId,
      block_id: input.blockId,
      type: input.type,
      action_ts: (Date.now() / 1000).toFixed(6),
      ...(input.type === 'button'
        ? { text: context.element.text, value: context.element.value, ...(context.element.style ? { style: context.element.style } : {}) }
        : { selected_option: { text: { type: 'plain_text', text: input.selectedOption?.text ?? '' }, value: input.selectedOption?.value ?? '' } }),
    };
    const common = {
      type: 'block_actions',
      user,
      api_app_id: 'A0UNBLOCK',
      token: 'legacy-verification-token',
      trigger_id: `${Date.now()}.42.sandbox`,
      team: { id: 'T0TEAM', domain: 'contoso' },
      enterprise: null,
      is_enterprise_install: false,
      actions: [action],
    };
    const payload =
      input.surface.kind === 'home'
        ? {
            ...common,
            container: { type: 'view', view_id: `V0HOME${input.userId}` },
            view: { id: `V0HOME${input.userId}`, team_id: 'T0TEAM', type: 'home', blocks: context.blocks, private_metadata: '', callback_id: '', state: { values: input.state }, hash: `${Date.now()}.sandbox`, app_id: 'A0UNBLOCK', bot_id: 'B0BOT' },
          }
        : {
            ...common,
            container: { type: 'message', message_ts: input.surface.ts, channel_id: input.surface.channel, is_ephemeral: false },
            channel: { id: input.surface.channel, name: context.channelName ?? input.surface.channel },
            message: { type: 'message', ts: input.surface.ts, text: context.text ?? '', blocks: context.blocks },
            state: { values: input.state },
            response_url: context.responseUrl,
          };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return (await postSigned({ url: this.eventsUrl, secret: this.signingSecret, body })).status;
  }
}
