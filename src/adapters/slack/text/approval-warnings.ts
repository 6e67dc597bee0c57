import type { RequestView } from '../../../app/ports/request-view.ts';
import { requiredApprovals } from '../../../domain/request/approval-quorum.ts';
import { code, escapeText } from '../mrkdwn.ts';

/**
 * The warnings of an approval message, one mrkdwn paragraph each, in this order: Defender's threat
 * verdict (with the two-approver rule while the request waits), a registrable domain whose allow
 * covers every subdomain, an internationalized (punycode) host. An ordinary request has none.
 */
export function approvalWarnings(view: RequestView): string[] {
  const { request, evidence } = view;
  const found: string[] = [];
  const threats = evidence?.summary.threatCategories ?? [];
  if (threats.length > 0) {
    // Said while the request waits, so nobody takes one approval for the decision.
    const quorum =
      view.decision === null && requiredApprovals(evidence?.summary) > 1
        ? 'Because of that, this target needs *two different approvers*: one approval alone allows nothing. '
        : '';
    found.push(
      `:rotating_light: *Defender's threat intelligence flagged this target* (${threats.map(escapeText).join(', ')}). ${quorum}` +
        'An allow overrides that verdict on every managed device. If you believe it is a false positive, ' +
        'submit it to Microsoft in the Defender portal (Actions & submissions → Submissions → URLs) instead of allowing it.',
    );
  }
  if (request.coversSubdomains) {
    found.push(
      `:warning: ${code(request.target.value)} is a registrable domain: a domain indicator also allows *every subdomain* of it. ` +
        'Prefer asking for the exact host of the portal.',
    );
  }
  if (request.target.value.split('.').some((label) => label.startsWith('xn--'))) {
    found.push(':warning: This is an internationalized name, shown in its punycode form. Check it is the portal you expect and not a look-alike.');
  }
  return found;
}
