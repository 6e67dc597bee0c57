import type { Notifier, ReminderOutcome, RequesterNote, ScopeChangeOutcome, ThreadNote } from '../../src/app/ports/notifier.ts';
import type { RequestView } from '../../src/app/ports/request-view.ts';
import type { MessageRef } from '../../src/domain/request/request.ts';

export const APPROVALS_CHANNEL = 'C0APPROVALS';

/**
 * What the Slack outbox records when Slack took a message (see PrismaSlackOutbox.delivered): the
 * recording notifier "delivers" at once, so use-case tests see the request as after delivery.
 */
export interface InstantDelivery {
  approvalMessagePosted(requestId: string, ref: MessageRef): Promise<void>;
  reminderPosted(requestId: string, ref: MessageRef): Promise<void>;
  scopeChangePosted(requestId: string, ref: MessageRef): Promise<void>;
}

/** A Notifier that records what Slack would have shown, keyed by request id. */
export class RecordingNotifier implements Notifier {
  readonly published: RequestView[] = [];
  readonly refreshed: RequestView[] = [];
  readonly announced: RequestView[] = [];
  readonly threadNotes: Array<{ requestId: string; note: ThreadNote }> = [];
  readonly requesterNotes: Array<{ requestId: string; requesterId: string; note: RequesterNote }> = [];
  readonly reminders: Array<{ requestId: string; ref: MessageRef }> = [];
  readonly settledReminders: Array<{ requestId: string; outcome: ReminderOutcome }> = [];
  /** Scope-change messages posted (or redrawn, `redrawn`), with the proposal they showed. */
  readonly scopeChanges: Array<{ requestId: string; ref: MessageRef; groups: readonly string[]; redrawn: boolean }> = [];
  readonly settledScopeChanges: Array<{ requestId: string; outcome: ScopeChangeOutcome }> = [];
  /** DMs sent to some reporters only (notifyReporters). */
  readonly reporterNotes: Array<{ requestId: string; userId: string; note: RequesterNote }> = [];
  /** When set, publishApprovalRequest throws it (the database refused to queue it …). */
  publishError: Error | null = null;
  /** When set, runs while the approval message is being queued (for races with other reports). */
  duringPublish: (() => Promise<void>) | null = null;
  private posted = 0;
  private readonly delivery: InstantDelivery | undefined;

  constructor(delivery?: InstantDelivery) {
    this.delivery = delivery;
  }

  async publishApprovalRequest(view: RequestView): Promise<void> {
    if (this.publishError) throw this.publishError;
    await this.duringPublish?.();
    this.published.push(view);
    this.posted += 1;
    await this.delivery?.approvalMessagePosted(view.request.id, { channelId: APPROVALS_CHANNEL, ts: `${this.posted}.000100` });
  }

  async refreshApprovalRequest(view: RequestView): Promise<void> {
    this.refreshed.push(view);
  }

  async announceReporters(view: RequestView): Promise<void> {
    this.announced.push(view);
  }

  async postToThread(view: RequestView, note: ThreadNote): Promise<void> {
    this.threadNotes.push({ requestId: view.request.id, note });
  }

  async notifyRequester(view: RequestView, note: RequesterNote): Promise<void> {
    this.requesterNotes.push({ requestId: view.request.id, requesterId: view.request.requesterId, note });
  }

  async postReminder(view: RequestView): Promise<void> {
    this.posted += 1;
    const ref = { channelId: APPROVALS_CHANNEL, ts: `${this.posted}.000200` };
    this.reminders.push({ requestId: view.request.id, ref });
    await this.delivery?.reminderPosted(view.request.id, ref);
  }

  async settleReminder(view: RequestView, outcome: ReminderOutcome): Promise<void> {
    this.settledReminders.push({ requestId: view.request.id, outcome });
  }

  async postScopeChange(view: RequestView): Promise<void> {
    const existing = view.request.scopeChangeMessage ?? null;
    const groups = view.request.scopeChange?.groups ?? [];
    if (existing && this.scopeChanges.some((m) => m.requestId === view.request.id && m.ref.ts === existing.ts)) {
      this.scopeChanges.push({ requestId: view.request.id, ref: existing, groups, redrawn: true });
      return;
    }
    this.posted += 1;
    const ref = { channelId: APPROVALS_CHANNEL, ts: `${this.posted}.000300` };
    this.scopeChanges.push({ requestId: view.request.id, ref, groups, redrawn: false });
    await this.delivery?.scopeChangePosted(view.request.id, ref);
  }

  async settleScopeChange(view: RequestView, outcome: ScopeChangeOutcome): Promise<void> {
    this.settledScopeChanges.push({ requestId: view.request.id, outcome });
  }

  async notifyReporters(view: RequestView, userIds: readonly string[], note: RequesterNote): Promise<void> {
    for (const userId of userIds) this.reporterNotes.push({ requestId: view.request.id, userId, note });
  }

  /** The kinds of thread notes a request got, in order. */
  threadKinds(requestId: string): string[] {
    return this.threadNotes.filter((n) => n.requestId === requestId).map((n) => n.note.kind);
  }

  requesterKinds(requestId: string): string[] {
    return this.requesterNotes.filter((n) => n.requestId === requestId).map((n) => n.note.kind);
  }
}
