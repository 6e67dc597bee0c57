import type { Notifier, ReminderOutcome, RequesterNote, ScopeChangeOutcome, ThreadNote } from '../../app/ports/notifier.ts';
import type { RequestView } from '../../app/ports/request-view.ts';
import type { Clock } from '../../app/ports/runtime.ts';
import type { DecisionPolicy } from '../../domain/request/approval-rule.ts';
import { renderEvidenceDetail } from './text/evidence-detail.ts';
import { renderReminder, renderSettledReminder } from './blocks/reminder-message.ts';
import { renderScopeChange, renderSettledScopeChange } from './blocks/scope-change-message.ts';
import { approvalRule } from '../../domain/request/approval-rule.ts';
import { renderRequesterNote } from './text/requester-notes.ts';
import { renderThreadNote, type ThreadNoteOptions } from './text/thread-notes.ts';
import type { ApproverAudience } from './text/undecided-notes.ts';
import { DM_LANE, type NewOutboxMessage, type OutboxStore } from './outbox/outbox-store.ts';
import { decidedTarget } from '../../domain/request/request.ts';
import type { DryRunWriteRecord } from '../db/prisma-dry-run-ledger.ts';
import { DRY_RUN_BANNER, DRY_RUN_REQUESTER_NOTE, dryRunWritesText } from './text/dry-run-text.ts';

/** DRY_RUN=true: where the would-be Defender writes are claimed for telling (PrismaDryRunLedger). */
export interface DryRunAnnouncements {
  claimUnannounced(indicatorValue: string, at: Date): Promise<DryRunWriteRecord[]>;
}

/**
 * Requester notes that would tell the reporters they can (or soon can) reach the portal and are not
 * worded for a dry run by their renderer: in a dry run they are followed by DRY_RUN_REQUESTER_NOTE.
 * (`allow_active`, `extended`, `verified`, `revoked` and `expired` say first that it is a dry run.)
 */
const ALLOWING_NOTES: ReadonlySet<RequesterNote['kind']> = new Set(['scope_change_decided']);
import type { HomeViewers } from '../../app/ports/home-viewers.ts';
import { HOME_REFRESH_DELAY_MS, homeRefresh } from './home/home-refresh.ts';

/**
 * How long joins are gathered into one reporters note and one approval message update (ms): the
 * channel hears about a burst of reports every few seconds, not once per report.
 */
export const ANNOUNCE_DELAY_MS = 3_000;

/**
 * Notifier on the Slack outbox: renders what is known now and queues it durably; the outbox
 * sender delivers it to Slack at Slack's pace (see OutboxSender). The approval message, its updates
 * and the reporters notes are rendered when sent, from the request as it is then.
 */
export class SlackNotifier implements Notifier {
  private readonly outbox: OutboxStore;
  private readonly channelId: string;
  private readonly policy: DecisionPolicy;
  private readonly noteOptions: ThreadNoteOptions;
  /** Wall-clock time for queueing (the sender paces in real time, whatever clock the use-cases run on). */
  private readonly wallClock: Clock;
  private readonly queued: () => void;
  private readonly dryRun: DryRunAnnouncements | undefined;
  private readonly homeViewers: Pick<HomeViewers, 'audience'> | undefined;

  /**
   * `expiryGraceMs`: EXPIRY_GRACE (LifecyclePolicy.expiryGraceMs), which the thread note on an
   * indicator deleted after it names; `approvers`: whom an escalation mentions (the approver user
   * group when configured, else the approver ids); `dryRun`: where a dry-run request's would-be
   * Defender writes are claimed. For a dry-run request (UnblockRequest.dryRun) every thread note
   * tells the would-be writes made since the last one, the evidence note says it is a dry run, and
   * reporters are told the portal is still blocked.
   */
  constructor(options: {
    outbox: OutboxStore;
    approvalChannelId: string;
    decisionPolicy: DecisionPolicy;
    expiryGraceMs: number;
    approvers: ApproverAudience;
    wallClock: Clock;
    onQueued?: () => void;
    dryRun?: DryRunAnnouncements;
    /** Whose App Home tab shows a request (its reporters and the approvers who opened Home); no Home refreshes when absent. */
    homeViewers?: Pick<HomeViewers, 'audience'>;
  }) {
    this.dryRun = options.dryRun;
    this.homeViewers = options.homeViewers;
    this.outbox = options.outbox;
    this.channelId = options.approvalChannelId;
    this.policy = options.decisionPolicy;
    this.noteOptions = { expiryGraceMs: options.expiryGraceMs, approvers: options.approvers, allowC2Override: options.decisionPolicy.allowC2Override };
    this.wallClock = options.wallClock;
    this.queued = options.onQueued ?? (() => {});
  }

  async publishApprovalRequest(view: RequestView): Promise<void> {
    await this.enqueue([
      { lane: this.channelId, kind: 'approval_message', requestId: view.request.id },
      { lane: this.channelId, kind: 'thread_note', requestId: view.request.id, payload: { text: this.withBanner(view, renderEvidenceDetail(view, this.policy)) } },
    ], view);
  }

  async refreshApprovalRequest(view: RequestView): Promise<void> {
    await this.enqueue([this.refresh(view, 0)], view);
  }

  async announceReporters(view: RequestView): Promise<void> {
    await this.enqueue([
      { lane: this.channelId, kind: 'reporters_note', requestId: view.request.id, coalesceKey: `reporters:${view.request.id}`, delayMs: ANNOUNCE_DELAY_MS },
      this.refresh(view, ANNOUNCE_DELAY_MS),
    ], view);
  }

  /**
   * An escalation is also shown in the channel (reply_broadcast): half an hour on, the approval
   * message has usually scrolled out of sight, and the reminder is there for the approvers who do
   * not follow its thread. Every other note stays in the thread.
   */
  async postToThread(view: RequestView, note: ThreadNote): Promise<void> {
    const text = await this.withWouldBeWrites(view, renderThreadNote(view, note, this.noteOptions));
    const payload = note.kind === 'escalated' ? { text, reply_broadcast: true } : { text };
    await this.enqueue([{ lane: this.channelId, kind: 'thread_note', requestId: view.request.id, payload }], view);
  }

  async postReminder(view: RequestView): Promise<void> {
    await this.enqueue([{ lane: this.channelId, kind: 'reminder', requestId: view.request.id, payload: renderReminder(view, this.policy) }], view);
  }

  async settleReminder(view: RequestView, outcome: ReminderOutcome): Promise<void> {
    await this.enqueue([{ lane: this.channelId, kind: 'reminder_settle', requestId: view.request.id, payload: renderSettledReminder(view, outcome) }], view);
  }

  /**
   * The first message of a scope change is posted in the thread (where Slack put it is recorded on
   * delivery); a widened proposal redraws the same message (chat.update), queued after it.
   */
  async postScopeChange(view: RequestView): Promise<void> {
    const proposal = view.request.scopeChange;
    if (!proposal) return;
    const payload = renderScopeChange(view, proposal, approvalRule(view.evidence, this.policy).requiredApprovals > 1);
    const redraw = view.request.scopeChangeMessage != null || (await this.outbox.hasPending(view.request.id, 'scope_change'));
    await this.enqueue([{ lane: this.channelId, kind: redraw ? 'scope_change_settle' : 'scope_change', requestId: view.request.id, payload }], view);
  }

  async settleScopeChange(view: RequestView, outcome: ScopeChangeOutcome): Promise<void> {
    await this.enqueue([{ lane: this.channelId, kind: 'scope_change_settle', requestId: view.request.id, payload: renderSettledScopeChange(view, outcome) }], view);
  }

  async notifyReporters(view: RequestView, userIds: readonly string[], note: RequesterNote): Promise<void> {
    const text = this.requesterText(view, note);
    await this.enqueue(userIds.map((userId) => ({ lane: DM_LANE, kind: 'direct_message' as const, requestId: view.request.id, recipient: userId, payload: { text } })), view);
  }

  /** Every reporter of the request hears the outcome, not only the first one; DMs are paced like posts. */
  async notifyRequester(view: RequestView, note: RequesterNote): Promise<void> {
    const text = this.requesterText(view, note);
    await this.enqueue(view.reporters.map((r) => ({ lane: DM_LANE, kind: 'direct_message' as const, requestId: view.request.id, recipient: r.userId, payload: { text } })), view);
  }

  /** A reporter's note; in a dry run, a note that would tell them they can reach the portal says they cannot. */
  private requesterText(view: RequestView, note: RequesterNote): string {
    const text = renderRequesterNote(view, note);
    return view.request.dryRun === true && ALLOWING_NOTES.has(note.kind) ? `${text}\n${DRY_RUN_REQUESTER_NOTE}` : text;
  }

  private withBanner(view: RequestView, text: string): string {
    return view.request.dryRun === true ? `${DRY_RUN_BANNER}\n${text}` : text;
  }

  /** In a dry run, `text` followed by the would-be writes on the request's value not told yet (each told once). */
  private async withWouldBeWrites(view: RequestView, text: string): Promise<string> {
    if (!this.dryRun || view.request.dryRun !== true) return text;
    const value = view.indicator?.target.value ?? decidedTarget(view.request, view.decision).value;
    const writes = await this.dryRun.claimUnannounced(value, this.wallClock.now());
    return writes.length === 0 ? text : `${text}\n${dryRunWritesText(writes)}`;
  }

  private refresh(view: RequestView, delayMs: number): NewOutboxMessage {
    return { lane: this.channelId, kind: 'approval_refresh', requestId: view.request.id, coalesceKey: `refresh:${view.request.id}`, delayMs };
  }

  /**
   * Queues `messages` about `view`'s request, and with them (in the same transaction) a refresh of
   * the App Home tab of everyone it shows in: every Notifier call follows a change to the request,
   * so the Homes follow every change. Coalesced per user (homeRefresh).
   */
  private async enqueue(messages: readonly NewOutboxMessage[], view: RequestView): Promise<void> {
    if (messages.length === 0) return;
    const viewers = this.homeViewers ? await this.homeViewers.audience([...new Set([view.request.requesterId, ...view.reporters.map((r) => r.userId)])]) : [];
    await this.outbox.enqueue([...messages, ...viewers.map((userId) => homeRefresh(userId, HOME_REFRESH_DELAY_MS, view.request.id))], this.wallClock.now());
    this.queued();
  }
}
