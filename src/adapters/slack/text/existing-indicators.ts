import type { EvidenceRecord, ExistingIndicatorsCheck } from '../../../app/ports/request-view.ts';
import { diagnoseBlock } from '../../../domain/evidence/block-diagnosis.ts';
import type { ExistingIndicator } from '../../../domain/indicator/existing-indicator.ts';
import { classifyRelated, overriddenIndicators, type RelatedIndicator, type RelatedMatch } from '../../../domain/indicator/related-indicators.ts';
import type { IndicatorTarget } from '../../../domain/target/target.ts';
import { clip, code, errorText, escapeText, plural, slackDate } from '../mrkdwn.ts';
import { coversScope, proposedScope, rbacGroupNamesOf } from '../../../domain/request/allow-scope.ts';
import { scopePhrase } from './allow-scope-text.ts';

/** Most indicators listed one per line; the ones approving overrides come first, so they are the ones always shown. */
const MAX_LINES = 8;

/** Longest indicator title shown, in characters (titles are Defender text, chosen by whoever made the indicator). */
const TITLE_MAX = 80;

const WHERE: Record<RelatedMatch, string> = {
  exact: 'on it',
  parent_domain: 'on a parent domain',
  url_on_host: 'on a URL of this host',
};

/** `Block` `title` on `value` (where): the indicator named as approvers read it, every vendor value escaped. */
function named(r: RelatedIndicator): string {
  const i = r.indicator;
  return `${escapeText(i.action)} ${code(clip(i.title || '(untitled)', TITLE_MAX))} on ${code(i.value)} (${WHERE[r.match]})`;
}

/** Who made it, when, until when, and for which devices: the facts an approver checks before overriding someone's decision. */
function facts(i: ExistingIndicator): string {
  const scope = i.rbacGroupNames && i.rbacGroupNames.length > 0 ? `device groups ${i.rbacGroupNames.map((g) => code(g)).join(', ')}` : 'all devices';
  return [
    `created by ${i.createdBy ? code(i.createdBy) : 'someone Defender does not name'}${i.createdAt ? ` ${slackDate(i.createdAt)}` : ''}`,
    i.expiresAt ? `expires ${slackDate(i.expiresAt)}` : 'never expires',
    scope,
  ].join(', ');
}

const LINE: Record<RelatedIndicator['role'], (r: RelatedIndicator) => string> = {
  overrides: (r) => `:no_entry: *Approving overrides* ${named(r)}: ${facts(r.indicator)}.`,
  stays: (r) =>
    `:no_entry_sign: *Stays in force:* ${named(r)}: ${facts(r.indicator)}. A URL indicator is more specific than the host, so it keeps blocking its path in Edge after the allow.`,
  reused: (r) => `:recycle: Already allowed: ${named(r)}: ${facts(r.indicator)}. Approving reuses it rather than adding another.`,
  other_allow: (r) => `:white_check_mark: Another allow: ${named(r)}: ${facts(r.indicator)}.`,
  informational: (r) => `:information_source: ${named(r)}: ${facts(r.indicator)}. It only records or alerts; it blocks nothing.`,
};

/**
 * An Allowed indicator on the exact value that does not reach the proposed devices: approving could
 * neither reuse it (it would not cover them) nor write Unblock's own (Defender keeps one Allowed
 * indicator per value and type, so the POST would rewrite that one's device groups), so the allow
 * waits on its owner (planAllowIndicator `scope_conflict`). Said before anyone clicks.
 */
function notCovering(r: RelatedIndicator, wanted: readonly string[]): string {
  return (
    `:warning: *Allowed, but not for these devices:* ${named(r)}: ${facts(r.indicator)}. It does not reach the proposed ${scopePhrase(wanted)}, ` +
    "and Defender keeps one Allowed indicator per value: Unblock will neither rewrite it nor rely on it, so an approval cannot take effect until its owner widens or removes it."
  );
}

/** One indicator's line; an Allowed one on the value that does not reach the proposed devices is never promised as reused. */
function lineFor(r: RelatedIndicator, evidence: EvidenceRecord | null): string {
  const wanted = rbacGroupNamesOf(proposedScope(evidence));
  return r.role === 'reused' && !coversScope(r.indicator.rbacGroupNames ?? [], wanted) ? notCovering(r, wanted) : LINE[r.role](r);
}

/**
 * What Defender already held around the target when it was reported (Evidence.existingIndicators,
 * classified by classifyRelated), as mrkdwn for the approval message and the thread detail: each
 * indicator with its title, creator, creation time, expiry and scope; a Block or Warn one says that
 * approving overrides it. Null for a request recorded before Unblock looked (nothing to say).
 * When Unblock saw none but Defender's reason was the org's block list, it says why it may not see
 * them: with `Ti.ReadWrite` (not `.All`) an app sees only the indicators it created
 * (get-ti-indicators-collection; defender-api.md §3 "Permissions").
 */
export function existingIndicatorsText(target: IndicatorTarget, evidence: EvidenceRecord | null): string | null {
  const check = evidence?.existingIndicators ?? null;
  if (check === null) return null;
  if (check.outcome === 'unavailable') return unseenText(target, evidence, check);
  const related = classifyRelated(target, check.indicators);
  const partial = check.incomplete ? [`:warning: Could not list the URL indicators on this host: ${errorText(check.incomplete)}; what follows is what the other look-ups found.`] : [];
  if (related.length === 0) {
    if (partial.length > 0) return [`*Existing indicators:* none found on ${code(target.value)} or its parent domains.`, ...partial].join('\n');
    return (
      `*Existing indicators:* none on ${code(target.value)}${target.type === 'DomainName' ? ', its parent domains or URLs on it' : ''}.` +
      (orgBlockSeen(evidence)
        ? " Defender says your organisation's block list blocked it, so the indicator may be one Unblock cannot see (with Ti.ReadWrite rather than Ti.ReadWrite.All it sees only its own), or it was removed since."
        : '')
    );
  }
  const shown = related.slice(0, MAX_LINES).map((r) => lineFor(r, evidence));
  const more = related.length > MAX_LINES ? [`…and ${plural(related.length - MAX_LINES, 'more indicator')} (see Settings → Endpoints → Indicators in the Defender portal).`] : [];
  return [`*Existing indicators*`, ...partial, ...shown, ...more].join('\n');
}

/**
 * When Defender's indicators could not be seen at all (every look-up failed; in a read-only dry run,
 * refused for want of Ti.ReadWrite): Defender's reason, and that nothing is known about what approving
 * overrides (never "none found"); when Defender named the org's block list, that approving overrides
 * a Block indicator nobody could see. A dry run's own would-be indicators, which Unblock keeps and so
 * could see, follow under their own heading.
 */
function unseenText(target: IndicatorTarget, evidence: EvidenceRecord | null, check: Extract<ExistingIndicatorsCheck, { outcome: 'unavailable' }>): string {
  const wouldBe = classifyRelated(target, check.wouldBe ?? []);
  return [
    `:warning: *Existing indicators:* could not check existing indicators: ${errorText(check.error)}`,
    orgBlockSeen(evidence)
      ? "Defender says your organisation's block list blocked it, so approving overrides a Block or Warn indicator that Unblock could not see."
      : "None of Defender's indicators could be seen, so it is not known whether approving overrides a Block or Warn indicator of your organisation.",
    ...(wouldBe.length > 0 ? ["The dry run's own would-be indicators (kept by Unblock, not in Defender):", ...wouldBe.slice(0, MAX_LINES).map((r) => lineFor(r, evidence))] : []),
  ].join('\n');
}

/** Whether Defender named the org's own block list (`CustomBlockList`) for any event, audit-mode ones included. */
function orgBlockSeen(evidence: EvidenceRecord | null): boolean {
  const diagnosis = diagnoseBlock(evidence);
  return diagnosis.kind !== 'unavailable' && diagnosis.causes.some((c) => c.cause === 'org_block_list' && c.recognised);
}

/**
 * The sentence of the Approve confirmation dialog that names the indicators approving overrides,
 * at most `room` characters long (it follows the sentence saying what the allow covers, and Slack
 * clips the dialog's text at 300 characters, so it must never push that sentence out nor leave a
 * code span open): two named with their creators if they fit, else one and how many more (its title
 * and creator clipped to 40, then to 24 characters), else how many. When Defender named the organisation's block list but Unblock saw no such indicator (it
 * could not look, or with `Ti.ReadWrite` it sees only its own), it still says an org block is
 * overridden. '' when approving overrides nothing known.
 */
export function overrideConfirmText(target: IndicatorTarget, evidence: EvidenceRecord | null, room: number): string {
  const overridden = overriddenOf(target, evidence);
  if (overridden.length === 0) {
    const unseen = "Defender named your organisation's block list: approving overrides its Block indicator, which Unblock could not see.";
    return orgBlockSeen(evidence ?? null) && unseen.length <= room ? unseen : '';
  }
  const name = (r: RelatedIndicator, max = 40): string => {
    const i = r.indicator;
    return `${escapeText(i.action)} ${code(clip(i.title || i.value, max))}${i.createdBy ? ` (created by ${code(clip(i.createdBy, max))})` : ''}`;
  };
  const more = (n: number): string => (n > 0 ? ` and ${n} more` : '');
  const candidates = [
    `Approving overrides ${overridden.slice(0, 2).map((r) => name(r)).join(' and ')}${more(overridden.length - 2)}.`,
    `Approving overrides ${name(overridden[0]!)}${more(overridden.length - 1)}.`,
    `Approving overrides ${name(overridden[0]!, 24)}${more(overridden.length - 1)}.`,
    `Approving overrides ${plural(overridden.length, 'Block or Warn indicator')} of your organisation (listed on the message).`,
    `Approving overrides ${plural(overridden.length, 'Block or Warn indicator')} (listed on the message).`,
  ];
  return candidates.find((c) => c.length <= room) ?? '';
}

/** The Block or Warn indicators approving would override, as the look-up at report time found them. */
function overriddenOf(target: IndicatorTarget, evidence: EvidenceRecord | null): RelatedIndicator[] {
  const check = evidence?.existingIndicators;
  return check?.outcome === 'checked' ? overriddenIndicators(classifyRelated(target, check.indicators)) : [];
}

/**
 * Whether approving overrides a block of the organisation's own: a Block or Warn indicator the
 * look-up found, or Defender naming the organisation's block list (CustomBlockList) for the events.
 */
export function overridesOrgBlock(target: IndicatorTarget, evidence: EvidenceRecord | null): boolean {
  return overriddenOf(target, evidence).length > 0 || orgBlockSeen(evidence);
}

/**
 * For the requester's first reply: the organisation's own Block or Warn indicators found on it, by
 * title and value only (the creator stays with the approvers); '' when there are none.
 */
export function requesterOverrideText(target: IndicatorTarget, evidence: EvidenceRecord | null): string {
  const check = evidence?.existingIndicators;
  if (!check || check.outcome !== 'checked') return '';
  const [first, ...rest] = overriddenIndicators(classifyRelated(target, check.indicators));
  if (!first) return '';
  return (
    ` The organisation's indicator that blocks it: ${code(clip(first.indicator.title || first.indicator.value, TITLE_MAX))} on ${code(first.indicator.value)}` +
    `${rest.length > 0 ? ` (and ${rest.length} more)` : ''}; an allow would override it.`
  );
}
