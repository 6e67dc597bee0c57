import type { ExpiryOutcome, ThreadNote } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import type { Drift } from '../../../domain/lifecycle/find-drift.ts';
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from '../../../domain/lifecycle/lifecycle-policy.ts';
import { allowEnd, heldUntil, approverIds, decidedTarget } from '../../../domain/request/request.ts';
import { coversScope, proposedScope, rbacGroupNamesOf } from '../../../domain/request/allow-scope.ts';
import { lastsUntil, sameToTheSecond } from '../../../domain/time/whole-seconds.ts';
import { code, errorText, escapeText, mention, slackDate } from '../mrkdwn.ts';
import { approvalProgressText } from './approval-progress.ts';
import { groupNamesText, scopePhrase } from './allow-scope-text.ts';
import { durationLabel, isoDurationLabel } from './duration-label.ts';
import { approversText, decisionLine } from './decision-line.ts';
import { propagationText } from './propagation.ts';
import { scopeChangeDecidedNote } from './scope-change-text.ts';
import { escalationText, expiredUndecidedText, type ApproverAudience } from './undecided-notes.ts';
import { verifiedThreadText } from './verify-notes.ts';
import { simulatedAllow } from './dry-run-text.ts';

/**
 * What thread notes say about the configuration: EXPIRY_GRACE (ms), named in the note on an
 * indicator deleted after it; the approvers an escalation mentions (APPROVER_USERGROUP_ID, else
 * APPROVER_USER_IDS).
 */
export type ThreadNoteOptions = Pick<LifecyclePolicy, 'expiryGraceMs'> & {
  readonly approvers: ApproverAudience;
  /** ALLOW_C2_OVERRIDE: whether a command-and-control request can be approved at all (the escalation says which). */
  readonly allowC2Override: boolean;
};

/** The options of the default configuration (EXPIRY_GRACE PT15M, no ALLOW_C2_OVERRIDE), with no approvers configured. */
export const DEFAULT_THREAD_NOTE_OPTIONS: ThreadNoteOptions = {
  expiryGraceMs: DEFAULT_LIFECYCLE_POLICY.expiryGraceMs,
  approvers: { userIds: [], usergroupId: undefined },
  allowC2Override: false,
};

/** Text of a thread reply under the approval message, as mrkdwn; `options` are the configured timings it mentions. */
export function renderThreadNote(view: RequestView, note: ThreadNote, options: ThreadNoteOptions = DEFAULT_THREAD_NOTE_OPTIONS): string {
  const id = view.indicator ? code(view.indicator.defenderId) : '';
  const end = heldUntil(view.decision, view.extensions, view.indicator);
  switch (note.kind) {
    case 'decided':
      return decisionLine(view);
    case 'approval_recorded':
      return `:ballot_box_with_check: ${approvalProgressText(approvalsUpTo(view, note.approverId), note.required)} Nothing is allowed yet.`;
    case 'allow_active':
      return allowActive(view, note.others);
    case 'activation_failed':
      return (
        `:x: ${approvedBy(view)}, but the allow indicator could not be created in Defender: ${errorText(note.error)}.\n` +
        `The request stays approved but *not active*; nothing is allowed yet. I keep retrying${end ? ` until ${slackDate(end)}` : ''}.`
      );
    case 'activation_failing':
      return (
        `:rotating_light: ${view.decision ? `${mention(view.decision.deciderId)} ` : ''}the allow indicator still could not be created ` +
        `after ${note.attempts} attempts. Last error: ${errorText(note.error ?? 'unknown error')}. I keep trying${end ? ` until ${slackDate(end)}` : ''}.`
      );
    case 'activation_refused':
      return (
        `:rotating_light: ${approverMentions(view)}Defender refused the allow indicator, and trying again will not help until the cause is fixed: ` +
        `${errorText(note.error)}.\nThe request stays approved but *not active*; nothing is allowed yet. ` +
        `Once the cause is fixed I pick it up within ${durationLabel(note.retryInMs)}${end ? ` (until ${slackDate(end)})` : ''}.`
      );
    case 'scope_widened':
      return (
        `:arrow_upper_right: Scope widened after ${mention(note.reporterId)}'s report: ` +
        [
          ...(note.added.length > 0 ? [`Defender also blocked devices in ${note.added.length === 1 ? 'device group' : 'device groups'} ${groupNamesText(note.added)}, added to the proposal`] : []),
          ...(note.newlyUngrouped ? ['a blocked device is in no device group, so the allow would now apply to ALL devices'] : []),
        ].join('; ') +
        `. The message shows the new proposal. Approvals already given count only for the device groups they were given for.`
      );
    case 'scope_not_covered':
      return (
        `:warning: ${approverMentions(view)}${mention(note.reporterId)} reported ${code(view.request.target.value)} as still blocked, and Defender blocked devices this allow does not reach: ` +
        [
          ...(note.groups.length > 0 ? [`${note.groups.length === 1 ? 'device group' : 'device groups'} ${groupNamesText(note.groups)}`] : []),
          ...(note.ungrouped ? ['devices in no device group'] : []),
        ].join(' and ') +
        ` (the allow applies to ${scopePhrase(view.decision?.rbacGroupNames ?? [])}). Unblock does not widen an active allow by itself: ` +
        'to cover them, revoke this allow and approve a new report of the host for the wider scope.'
      );
    case 'scope_unchecked':
      return (
        `:warning: ${approverMentions(view)}${mention(note.reporterId)} reported ${code(view.request.target.value)} too, but Defender could not be searched ` +
        `(${errorText(note.error)}), so Unblock cannot tell whether their device is in a device group this allow reaches ` +
        `(${scopePhrase(view.decision?.rbacGroupNames ?? rbacGroupNamesOf(proposedScope(view.evidence)))}). ` +
        "Check their device's group in the Defender portal (Assets → Devices) before counting on this allow for them."
      );
    case 'scope_change_decided':
      return scopeChangeDecidedNote(view, note);
    case 'scope_conflict':
      return (
        `:rotating_light: ${approverMentions(view)}Defender already holds an Allowed indicator ${code(note.indicator.id)} for ${code(note.indicator.value)}, ` +
        `not made by Unblock, that applies to ${scopePhrase(note.indicator.rbacGroupNames ?? [])}, not to the approved ${scopePhrase(view.decision?.rbacGroupNames ?? [])}. ` +
        `Defender keeps one Allowed indicator per value, so creating ours would rewrite that one's device groups: I will not, and I will not rely on it either.\n` +
        `The request stays approved but *not active*; nothing new is allowed. Ask the indicator's owner${note.indicator.createdBy ? ` (${escapeText(note.indicator.createdBy)})` : ''} to widen or remove it; ` +
        `I look again every ${durationLabel(note.retryInMs)}${end ? ` (until ${slackDate(end)})` : ''}.`
      );
    case 'activation_abandoned':
      return note.removed?.length
        ? `:x: The approved time ran out before Unblock could confirm the allow indicator, so request #${view.request.number} failed. An attempt had in fact created ${note.removed.map(code).join(', ')} (its answer was lost); I deleted it, so nothing is allowed any more.`
        : `:x: The approved time ran out before Defender accepted the allow indicator, so request #${view.request.number} failed. Nothing is allowed now.`;
    case 'extended':
      if (simulatedAllow(view))
        return `:arrows_clockwise: Extended by ${mention(note.actorId)}, in the dry run only: the would-be allow${id ? ` ${id}` : ''} now runs until ${end ? slackDate(end) : '?'}. Nothing is allowed in Defender.`;
      return [
        `:arrows_clockwise: Extended by ${mention(note.actorId)}: allowed until ${end ? slackDate(end) : '?'}${id ? ` (Defender indicator ${id})` : ''}.`,
        note.previousDefenderId ? `Defender no longer had indicator ${code(note.previousDefenderId)}, so it created ${id} for the extension.` : '',
        heldExpiryWarning(view),
      ]
        .filter(Boolean)
        .join('\n');
    case 'revoked':
      if (simulatedAllow(view) && note.removed.length > 0)
        return `:no_entry: Revoked by ${mention(note.actorId)}. The dry-run allow ended: Unblock dropped its would-be indicator ${note.removed.map(code).join(', ')}, which Defender never held, so nothing changes on devices.`;
      return (
        `:no_entry: Revoked by ${mention(note.actorId)}. ` +
        (note.removed.length > 0
          ? `Deleted the Defender allow ${note.removed.length === 1 ? 'indicator' : 'indicators'} ${note.removed.map(code).join(', ')}.`
          : note.keptChanged?.length
            ? ''
            : view.indicator
              ? `The indicator ${id} was not created by Unblock and stays in Defender; remove it there if it should go too.`
              : 'It was not active yet, so nothing was allowed.') +
        (note.keptChanged?.length
          ? `${note.removed.length > 0 ? ' ' : ''}Indicator ${note.keptChanged.map(code).join(', ')} is no longer an allow (someone changed it in Defender), so I left it as it is.`
          : '') +
        (note.removed.length > 0 ? ` ${propagationText('removal')}` : '')
      );
    case 'expired':
      if (simulatedAllow(view)) {
        const ids = [...(view.indicator ? [view.indicator.defenderId] : []), ...(note.alsoRemoved ?? [])];
        return `:checkered_flag: The dry-run allow for ${code(decidedTarget(view.request, view.decision).value)} has ended${ids.length > 0 ? `, and with it its would-be indicator ${ids.map(code).join(', ')}` : ''}. Defender never held it, so nothing changes on devices.`;
      }
      return (
        `:checkered_flag: The allow for ${code(decidedTarget(view.request, view.decision).value)} has expired. ${expiryText(note.how, id, options.expiryGraceMs)}` +
        (note.alsoRemoved?.length
          ? ` I also deleted ${note.alsoRemoved.map(code).join(', ')}, which Unblock had written for this request without recording it.`
          : '') +
        (ALLOW_GONE.includes(note.how) || note.alsoRemoved?.length ? ` ${propagationText('removal')}` : '')
      );
    case 'removal_refused':
      return (
        `:rotating_light: ${approverMentions(view)}the allow has ended, but Defender refused to delete indicator ${code(note.defenderId)}: ` +
        `${errorText(note.error)}. It stays in force until it is deleted; fix the cause or delete it in the Defender portal. I try again every hour.`
      );
    case 'drift':
      return (
        ':warning: Defender no longer matches what was approved:\n' +
        note.drift.map((d) => `• ${driftText(d)}`).join('\n') +
        uncoveredByDrift(view, note.drift) +
        (note.endingAllow
          ? '\nThe approved time is up, so Unblock deletes the indicator now; if the allow should go on, approve a new request.'
          : '\nUnblock has not changed Defender; please check with whoever manages its indicators.')
      );
    case 'let_expire':
      return `:hourglass_flowing_sand: ${mention(note.actorId)} chose to let the allow expire${end ? ` ${slackDate(end)}` : ''}.`;
    case 'escalated':
      return escalationText(view, note, options.approvers, options);
    case 'expired_undecided':
      return expiredUndecidedText(view, note);
    case 'verified':
      return verifiedThreadText(view, note.result);
  }
}

/** Mentions of everyone who approved, to alert them (Slack-verified ids only). */
function approverMentions(view: RequestView): string {
  const ids = approverIds(view.decision, view.approvals);
  return ids.length > 0 ? `${ids.map(mention).join(' ')} ` : '';
}

/** The approvals up to and including `approverId`'s, so the note stays true even if a later one decided meanwhile. */
function approvalsUpTo(view: RequestView, approverId: string) {
  const index = view.approvals.findIndex((a) => a.approverId === approverId);
  return index < 0 ? view.approvals : view.approvals.slice(0, index + 1);
}

/** Expiries after which Defender no longer holds the allow: devices drop it as slowly as they picked it up. */
const ALLOW_GONE: readonly ExpiryOutcome[] = ['removed_by_defender', 'deleted_after_grace', 'deleted_later_expiry'];

/** How an expired allow's indicator went; `graceMs` is how long Defender was given to remove it itself. */
function expiryText(how: ExpiryOutcome, id: string, graceMs: number): string {
  switch (how) {
    case 'removed_by_defender':
      return `Defender removed indicator ${id} at its expiry.`;
    case 'deleted_after_grace':
      return `Defender had not removed indicator ${id} ${durationLabel(graceMs)} after its expiry, so I deleted it.`;
    case 'deleted_later_expiry':
      return `Defender held indicator ${id} with a later expiry than approved, so I deleted it at the approved end.`;
    case 'kept_changed':
      return `Indicator ${id} is no longer an allow (someone changed it in Defender), so I left it as it is.`;
    case 'kept_not_ours':
      return `Indicator ${id} was there before this request and was not created by Unblock, so it stays in Defender.`;
  }
}

/**
 * When a changed device-group scope no longer reaches every approved device (an owner narrowed the
 * indicator the allow rides on, say), the approvers are mentioned and told those devices are blocked
 * again; '' otherwise.
 */
function uncoveredByDrift(view: RequestView, drift: readonly Drift[]): string {
  const approved = view.decision?.rbacGroupNames ?? [];
  const narrowed = drift.find((d): d is Extract<Drift, { kind: 'scope_changed' }> => d.kind === 'scope_changed' && !coversScope(d.actual, approved));
  if (!narrowed) return '';
  return (
    `\n${approverMentions(view)}It no longer reaches every approved device (approved: ${scopePhrase(approved)}; it now applies to ${scopePhrase(narrowed.actual)}): ` +
    'the devices outside it are blocked again.'
  );
}

function driftText(d: Drift): string {
  switch (d.kind) {
    case 'indicator_deleted':
      return `indicator ${code(d.id)} was deleted before its expiry`;
    case 'action_changed':
      return `indicator ${code(d.id)} now has action ${escapeText(d.action)} instead of Allowed`;
    case 'expiry_changed':
      return `indicator ${code(d.id)} now expires ${d.actual ? slackDate(new Date(d.actual)) : 'never'} instead of ${d.expected ? slackDate(new Date(d.expected)) : 'never'}`;
    case 'scope_changed':
      return `indicator ${code(d.id)} now applies to ${scopePhrase(d.actual)} instead of ${scopePhrase(d.expected)}`;
    case 'conflicting_indicator':
      return `a ${escapeText(d.action)} indicator ${code(d.id)} (${escapeText(d.type)}) exists for the same value`;
    case 'untracked_own_indicator':
      return `indicator ${code(d.id)} was written by Unblock for this request but not recorded (expires ${d.expiresAt ? slackDate(new Date(d.expiresAt)) : 'never'}); it is deleted with the allow`;
  }
}

/**
 * When the expiry Defender holds differs from the approved end by more than Defender's whole-second
 * precision (it answered with another expiry, or it never expires), say so: the allow then does not
 * end when the approvers decided, and the drift check follows it up.
 */
function heldExpiryWarning(view: RequestView): string {
  const { indicator } = view;
  const end = allowEnd(view.decision, view.extensions);
  if (indicator === null || indicator.reusedExisting || end === null || sameToTheSecond(indicator.expiresAt, end)) return '';
  return `:warning: Defender holds indicator ${code(indicator.defenderId)} until ${indicator.expiresAt ? slackDate(indicator.expiresAt) : 'no expiry at all'}, not ${slackDate(end)} as approved; Unblock still ends the allow at the approved time.`;
}

function allowActive(view: RequestView, others: Extract<ThreadNote, { kind: 'allow_active' }>['others']): string {
  const { indicator } = view;
  if (indicator === null) return decisionLine(view);
  const end = heldUntil(view.decision, view.extensions, view.indicator);
  const until = end ? `until ${slackDate(end)}` : 'with no expiry';
  const dryRun = view.request.dryRun === true;
  const lines = [
    dryRun && !indicator.reusedExisting
      ? `:test_tube: ${approvedBy(view)} in a *dry run*: Unblock recorded the allow indicator it would create, ${code(indicator.defenderId)}: ${indicator.target.type} ${code(indicator.target.value)}, ${until} on ${scopePhrase(indicator.rbacGroupNames)}. Nothing was created in Defender, so devices stay blocked.`
      : indicator.reusedExisting
      ? `:white_check_mark: ${approvedBy(view)}. An existing Defender allow indicator already covers ${code(indicator.target.value)} ${until} on ${scopePhrase(indicator.rbacGroupNames)}: indicator ${code(indicator.defenderId)} (reused, nothing new was created).`
      : `:white_check_mark: ${approvedBy(view)}. Defender allow indicator ${code(indicator.defenderId)} created: ${indicator.target.type} ${code(indicator.target.value)}, allowed ${until} on ${scopePhrase(indicator.rbacGroupNames)}.`,
    ...(dryRun ? [] : [propagationText('approvers')]),
  ];
  const held = heldExpiryWarning(view);
  if (held) lines.push(held);
  const approved = allowEnd(view.decision, view.extensions);
  if (indicator.reusedExisting && approved !== null && !lastsUntil(indicator.expiresAt, approved)) {
    lines.push(
      `:warning: That indicator ends ${slackDate(indicator.expiresAt!)}, before the approved ${slackDate(approved)}. Unblock does not rewrite an indicator it did not create, so the allow ends then: the request closes at that time, and the requester was told the same end.`,
    );
  }
  if (others.length > 0) {
    lines.push(
      `Also on this value in Defender: ${others.map((o) => `${escapeText(o.action)} ${escapeText(o.type)} indicator ${code(o.id)}`).join(', ')}. An Allow indicator takes precedence over them.`,
    );
  }
  return lines.join('\n');
}

function approvedBy(view: RequestView): string {
  const { decision } = view;
  if (decision === null) return 'Approved';
  const duration = decision.duration ? isoDurationLabel(decision.duration) : undefined;
  return `Approved by ${approversText(view)}${duration ? ` for ${duration}` : ''}`;
}
