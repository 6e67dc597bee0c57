import type { BlockCause } from '../../../domain/evidence/block-cause.ts';
import type { BlockDiagnosis, FoundCause } from '../../../domain/evidence/block-diagnosis.ts';
import type { ApprovalRule } from '../../../domain/request/approval-rule.ts';
import { code } from '../mrkdwn.ts';
import { durationLabel } from './duration-label.ts';

/**
 * Each cause in plain words (what the approvers' field and the thread detail call it). Sources:
 * defender-api.md §8 "Block cause → remedy" and Defender docs network-protection.md.
 */
export const CAUSE_NAMES: Record<BlockCause, string> = {
  org_block_list: "Your organisation's own block list (a Block or Warn indicator)",
  web_content_filtering: 'Web content filtering',
  cloud_apps: 'Defender for Cloud Apps (unsanctioned app)',
  threat_verdict: "Microsoft's threat intelligence",
  command_and_control: 'Command-and-control traffic (possible compromise)',
};

/** What an unrecognised category is treated as (it is read as a threat or command-and-control verdict, never as harmless). */
const TREATED_AS: Record<BlockCause, string> = {
  org_block_list: 'an organisation block',
  web_content_filtering: 'web content filtering',
  cloud_apps: 'a Cloud Apps block',
  threat_verdict: 'a threat verdict',
  command_and_control: 'a command-and-control verdict',
};

/**
 * One line per category found, strictest first: the cause in plain words with Defender's own value
 * (escaped, in a code span) and its count. An unknown value says how it is treated. With `markAudits`
 * (enforced blocks shown alongside), a category seen in audit mode says so.
 */
export function causeLines(causes: readonly FoundCause[], options: { readonly markAudits: boolean } = { markAudits: false }): string[] {
  return causes.map((c) => {
    const mode = options.markAudits ? auditMark(c) : '';
    if (c.category === null) return `No reason given (×${c.count}${mode}): treated as ${TREATED_AS[c.cause]}`;
    if (!c.recognised) return `A reason Unblock does not recognise (${code(c.category)} ×${c.count}${mode}): treated as ${TREATED_AS[c.cause]}`;
    return `${CAUSE_NAMES[c.cause]} (${code(c.category)} ×${c.count}${mode})`;
  });
}

/** Next to enforced blocks, a category Defender recorded in audit mode (all or some of its events) says so. */
function auditMark(cause: FoundCause): string {
  if (cause.audited === 0) return '';
  return cause.audited >= cause.count ? ', audit mode: not enforced' : `, ${cause.audited} in audit mode`;
}

/** The approval message's field heading and its lines. */
export function causeField(diagnosis: BlockDiagnosis): string {
  switch (diagnosis.kind) {
    case 'unavailable':
      return '*Why Defender blocked it*\nUnknown: no evidence';
    case 'not_blocked':
      return diagnosis.causes.length === 0
        ? '*Why Defender blocked it*\nIt did not: no block events'
        : `*Why Defender would have blocked it (audit mode)*\n${causeLines(diagnosis.causes).join('\n')}`;
    case 'blocked':
      return `*Why Defender blocked it*\n${causeLines(diagnosis.causes, { markAudits: true }).join('\n')}`;
  }
}

/**
 * The recommended fix for approvers, by the cause that governs the request (mrkdwn, one paragraph).
 * When Defender could not be searched, it says the request is treated like a threat verdict. While the request waits (`pending`), a threat verdict's
 * says how many approvers it needs and for how long at most (`threatMaxMs`, MAX_THREAT_ALLOW_DURATION). Facts: defender-api.md §5 precedence ("Custom indicators … higher in the order
 * of precedence than WCF blocks"), §8 remedy table and "Propagation".
 */
export function remedyText(diagnosis: BlockDiagnosis, rule: ApprovalRule, options: { readonly pending: boolean; readonly threatMaxMs: number }): string | null {
  if (diagnosis.kind === 'unavailable') return unexplainedRemedy(options);
  if (diagnosis.kind === 'blocked') return causeRemedy(diagnosis, diagnosis.cause, rule, options);
  // An audit-mode verdict is still Defender's verdict: a threat or C2 verdict keeps its rule and says so.
  const strict = diagnosis.cause === 'threat_verdict' || diagnosis.cause === 'command_and_control';
  return `:mag: *Recommended fix:* ${NOT_BLOCKED_CHECKLIST}` + (strict && diagnosis.cause ? `\n${causeRemedy(diagnosis, diagnosis.cause, rule, options)}` : '');
}

function causeRemedy(diagnosis: Exclude<BlockDiagnosis, { kind: 'unavailable' }>, cause: BlockCause, rule: ApprovalRule, options: { readonly pending: boolean; readonly threatMaxMs: number }): string {
  switch (cause) {
    case 'org_block_list':
      return (
        ':no_entry: *Recommended fix:* someone in your organisation blocked this on purpose with a Block or Warn indicator. ' +
        'An allow *overrides* that decision (Allow beats Warn and Block), so check with whoever made it; ' +
        'if the block is no longer wanted, the lasting fix is to change or remove that indicator.'
      );
    case 'web_content_filtering':
      return (
        ':file_folder: *Recommended fix:* web content filtering blocked the category this site is in. ' +
        'An allow works (indicators take precedence over web content filtering). For a lasting fix, dispute the category ' +
        'in the Defender portal (Reports → Web protection → Web content filtering details → Domains → Dispute category) or change the policy.'
      );
    case 'cloud_apps':
      return (
        ':cloud: *Recommended fix:* Defender for Cloud Apps marked this app unsanctioned; the lasting fix is in Cloud Apps ' +
        '(mark the app sanctioned or monitored). An allow works now, but the next Cloud Apps sync of its indicators may conflict with it.'
      );
    case 'threat_verdict':
      return (
        (diagnosis.causes[0]?.recognised !== false
          ? ":rotating_light: *Defender's threat intelligence flagged this target.* An allow overrides Microsoft's verdict"
          : diagnosis.causes[0].category === null
            ? ":rotating_light: *Defender gave no reason for this block*, so it is handled like a threat verdict. An allow overrides Defender's verdict"
            : ":rotating_light: *Defender gave a reason Unblock does not recognise*, so it is handled like a threat verdict. An allow overrides Defender's verdict") +
        (options.pending ? `, so it needs *two different approvers* (one approval alone allows nothing) and lasts *${durationLabel(options.threatMaxMs)} at most*. ` : '. ') +
        'If you believe it is a false positive, submit it to Microsoft in the Defender portal (Actions & submissions → Submissions → URLs) instead of allowing it.'
      );
    case 'command_and_control':
      return (
        (':sos: *Possible compromise:* Defender saw *command-and-control* traffic to this target. Treat it as a security incident: ' +
        'investigate the devices listed in the thread rather than allowing it. ' +
        (!options.pending
          ? ''
          : rule.approvable
            ? `ALLOW_C2_OVERRIDE is on, so an allow is possible, with *two different approvers*, for *${durationLabel(options.threatMaxMs)} at most*.`
            : '*Approve is not offered* (set ALLOW_C2_OVERRIDE=true to allow such targets with two approvers).')).trimEnd()
      );
  }
}

/**
 * Hunting failed, so the cause is unknown and may be a threat verdict: the request gets the threat
 * rule (approval-rule.ts), and the approvers are told why.
 */
function unexplainedRemedy(options: { readonly pending: boolean; readonly threatMaxMs: number }): string {
  return options.pending
    ? `:grey_question: *Defender could not be searched, so Unblock cannot tell why it was blocked:* treated like a threat verdict — *two different approvers*, at most *${durationLabel(options.threatMaxMs)}*.`
    : ':grey_question: *Defender could not be searched, so Unblock could not tell why it was blocked:* it was treated like a threat verdict.';
}

/**
 * The checklist when Defender blocked nobody in the lookback (no rows, or audit-mode rows only):
 * defender-api.md §8 ("say it is not an NP block; check proxy, firewall, SmartScreen"; "no event:
 * not Defender, not onboarded, or QUIC/ECH in a non-Edge browser") and §5 (propagation up to 48 hours).
 */
export const NOT_BLOCKED_CHECKLIST =
  'Defender did not block it in the lookback, so an allow may change nothing. Check: a proxy or firewall; ' +
  'whether Network Protection runs in audit mode on the device; an indicator added in the last 48 hours that is still reaching devices; ' +
  'whether the device is onboarded to Defender; and, in browsers other than Edge, QUIC and Encrypted Client Hello (they hide the host from Network Protection).';

/**
 * One sentence for the requester's first reply, by the governing cause; '' when nothing needs saying.
 * A command-and-control verdict seen in audit mode only is still a possible incident, as the approvers see it.
 */
export function requesterCauseText(diagnosis: BlockDiagnosis, rule: ApprovalRule): string {
  if (diagnosis.kind === 'unavailable') return ' Defender could not be searched, so Unblock cannot tell why it was blocked: two approvers must agree and any allow will be short.';
  if (diagnosis.kind === 'not_blocked' && diagnosis.cause === 'command_and_control') {
    // Audit mode let the connection through, but the verdict stands: the approvers see a possible compromise, and so does the requester.
    return (
      ' :rotating_light: Defender recorded traffic to it that looks like *command and control* (malware talking to its server), in audit mode, so it did not block it; ' +
      'it was sent to the security team as a *possible security incident*. ' +
      (rule.approvable ? 'They will look at your device before deciding.' : 'They will contact you about your device.')
    );
  }
  if (diagnosis.kind !== 'blocked') return '';
  switch (diagnosis.cause) {
    case 'org_block_list':
      return " It is on your organisation's own block list, so the security team will check with whoever blocked it.";
    case 'web_content_filtering':
      return ' Web content filtering blocks its category.';
    case 'cloud_apps':
      return ' Defender for Cloud Apps marks it as an unsanctioned app.';
    case 'threat_verdict': {
      const first = diagnosis.causes[0];
      const why =
        first === undefined || first.recognised
          ? " Microsoft's threat intelligence flagged it"
          : first.category === null
            ? ' Defender gave no reason for the block; treated as a threat verdict'
            : ` Defender gave a reason Unblock does not recognise (${code(first.category)}); treated as a threat verdict`;
      return `${why}, so two approvers must agree and any allow will be short.`;
    }
    case 'command_and_control':
      return (
        ' :rotating_light: Defender saw traffic to it that looks like *command and control* (malware talking to its server), so it was sent to the security team as a *possible security incident*. ' +
        (rule.approvable ? 'They will look at your device before deciding.' : 'They will contact you about your device; please do not try to get around the block.')
      );
  }
}
