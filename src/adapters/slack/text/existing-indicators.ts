import type { EvidenceRecord } from '../../../app/ports/request-view.ts';
import { diagnoseBlock } from '../../../domain/evidence/block-diagnosis.ts';
import type { ExistingIndicator } from '../../../domain/indicator/existing-indicator.ts';
import { classifyRelated, overriddenIndicators, type RelatedIndicator, type RelatedMatch } from '../../../domain/indicator/related-indicators.ts';
import type { IndicatorTarget } from '../../../domain/target/target.ts';
import { clip, code, errorText, escapeText, plural, slackDate } from '../mrkdwn.ts';

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
  reused: (r) => `:recycle: Already allowed: ${named(r)}: ${facts(r.indicator)}. Approving reuses it rather than adding another.`,
  other_allow: (r) => `:white_check_mark: Another allow: ${named(r)}: ${facts(r.indicator)}.`,
  informational: (r) => `:information_source: ${named(r)}: ${facts(r.indicator)}. It only records or alerts; it blocks nothing.`,
};

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
  if (check.outcome === 'unavailable') return `:warning: *Existing indicators:* could not check existing indicators: ${errorText(check.error)}`;
  const related = classifyRelated(target, check.indicators);
  if (related.length === 0) {
    return (
      `*Existing indicators:* none on ${code(target.value)}${target.type === 'DomainName' ? ', its parent domains or URLs on it' : ''}.` +
      (orgBlockSeen(evidence)
        ? " Defender says your organisation's block list blocked it, so the indicator may be one Unblock cannot see (with Ti.ReadWrite rather than Ti.ReadWrite.All it sees only its own), or it was removed since."
        : '')
    );
  }
  const shown = related.slice(0, MAX_LINES).map((r) => LINE[r.role](r));
  const more = related.length > MAX_LINES ? [`…and ${plural(related.length - MAX_LINES, 'more indicator')} (see Settings → Endpoints → Indicators in the Defender portal).`] : [];
  return [`*Existing indicators*`, ...shown, ...more].join('\n');
}

/** Whether Defender named the org's own block list (`CustomBlockList`) for any event, audit-mode ones included. */
function orgBlockSeen(evidence: EvidenceRecord | null): boolean {
  const diagnosis = diagnoseBlock(evidence);
  return diagnosis.kind !== 'unavailable' && diagnosis.causes.some((c) => c.cause === 'org_block_list' && c.recognised);
}

/**
 * The sentence that opens the Approve confirmation dialog when approving overrides indicators,
 * naming them (at most two, then how many more); '' when it overrides none. Kept short: Slack
 * clips the dialog's text at 300 characters and it comes first so it is never the part cut.
 */
export function overrideConfirmText(target: IndicatorTarget, evidence: EvidenceRecord | null): string {
  const check = evidence?.existingIndicators;
  if (!check || check.outcome !== 'checked') return '';
  const overridden = overriddenIndicators(classifyRelated(target, check.indicators));
  if (overridden.length === 0) return '';
  const names = overridden.slice(0, 2).map((r) => {
    const i = r.indicator;
    return `${escapeText(i.action)} ${code(clip(i.title || i.value, 40))}${i.createdBy ? ` (created by ${code(clip(i.createdBy, 40))})` : ''}`;
  });
  const more = overridden.length > 2 ? ` and ${overridden.length - 2} more` : '';
  return `Approving overrides ${names.join(' and ')}${more}. `;
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
