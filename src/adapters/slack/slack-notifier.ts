import type { webApi } from '@slack/bolt';
import type { Logger, Notifier, ReminderOutcome, RequesterNote, RequestView, ThreadNote } from '../../app/ports.ts';
import type { DurationChoices } from '../../domain/request/allow-duration.ts';
import type { MessageRef } from '../../domain/request/request.ts';
import { runSafely } from '../../app/run-safely.ts';
import { renderApprovalMessage } from './blocks/approval-message.ts';
import { renderEvidenceDetail } from './blocks/evidence-detail.ts';
import { renderReminder, renderSettledReminder } from './blocks/reminder-message.ts';
import { renderRequesterNote } from './blocks/requester-notes.ts';
import { renderThreadNote } from './blocks/thread-notes.ts';

type WebClient = webApi.WebClient;

/** Notifier on the Slack Web API: the approval message, its thread, and DMs to reporters. */
export class SlackNotifier implements Notifier {
  private readonly client: WebClient;
  private readonly channelId: string;
  private readonly choices: DurationChoices;
  private readonly logger: Logger;

  constructor(options: { client: WebClient; approvalChannelId: string; durationChoices: DurationChoices; logger: Logger }) {
    this.client = options.client;
    this.channelId = options.approvalChannelId;
    this.choices = options.durationChoices;
    this.logger = options.logger;
  }

  async publishApprovalRequest(view: RequestView): Promise<MessageRef> {
    const posted = await this.client.chat.postMessage({ channel: this.channelId, ...renderApprovalMessage(view, this.choices) });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    const ref = { channelId: posted.channel ?? this.channelId, ts: posted.ts };
    // The detail is a courtesy: the request is valid without it.
    await runSafely(this.logger, 'post evidence detail', () =>
      this.client.chat.postMessage({ channel: ref.channelId, thread_ts: ref.ts, text: renderEvidenceDetail(view) }),
    );
    return ref;
  }

  async refreshApprovalRequest(view: RequestView): Promise<void> {
    const ref = view.request.approvalMessage;
    if (ref === null) return;
    await this.client.chat.update({ channel: ref.channelId, ts: ref.ts, ...renderApprovalMessage(view, this.choices) });
  }

  async postToThread(view: RequestView, note: ThreadNote): Promise<void> {
    const ref = view.request.approvalMessage;
    if (ref === null) return;
    await this.client.chat.postMessage({ channel: ref.channelId, thread_ts: ref.ts, text: renderThreadNote(view, note) });
  }

  async postReminder(view: RequestView): Promise<MessageRef> {
    const parent = view.request.approvalMessage;
    if (parent === null) throw new Error('request has no approval message to remind in');
    const posted = await this.client.chat.postMessage({ channel: parent.channelId, thread_ts: parent.ts, ...renderReminder(view, this.choices) });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    return { channelId: posted.channel ?? parent.channelId, ts: posted.ts };
  }

  async settleReminder(view: RequestView, outcome: ReminderOutcome): Promise<void> {
    const ref = view.lifecycle?.reminder;
    if (!ref) return;
    await this.client.chat.update({ channel: ref.channelId, ts: ref.ts, ...renderSettledReminder(view, outcome) });
  }

  /** Every reporter of the request hears the outcome, not only the first one. */
  async notifyRequester(view: RequestView, note: RequesterNote): Promise<void> {
    const text = renderRequesterNote(view, note);
    for (const reporter of view.reporters) {
      await runSafely(this.logger, 'DM reporter', async () => {
        const opened = await this.client.conversations.open({ users: reporter.userId });
        await this.client.chat.postMessage({ channel: opened.channel?.id ?? reporter.userId, text });
      });
    }
  }
}
