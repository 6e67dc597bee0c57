import type { VerifyResult } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { approverIds } from '../../../domain/request/request.ts';
import { code, mention, plural, slackDate } from '../mrkdwn.ts';
import { propagationText } from './propagation.ts';
import { simulatedAllow } from './dry-run-text.ts';

/**
 * What to look at when devices are still blocked after an allow had time to reach them, from
 * defender-api.md §5: "Indicators are not supported in Microsoft Defender Antivirus when it is in
 * passive mode"; a full URL path "can only be blocked [matched] in Microsoft Edge"; custom indicators
 * are not supported in Application Guard sessions of Edge; and devices must be online to receive it.
 */
export const STILL_BLOCKED_CHECKLIST =
  'that those devices are online and receiving Defender updates; whether Microsoft Defender Antivirus runs in passive mode on them ' +
  '(indicators do not apply then); for a URL allow, whether they use Microsoft Edge; Application Guard sessions of Edge (indicators do not apply there); ' +
  'and the indicator itself in the Defender portal (Settings → Endpoints → Indicators).';

/**
 * "since the allow (checked <time>)", or "since the first check (<time>; checked <time>)" for the
 * second; a dry run allowed nothing, so its first check counts "since the dry-run approval".
 */
function sinceText(result: VerifyResult, dryRun = false): string {
  const checked = `checked ${slackDate(result.checkedAt)}`;
  if (result.sinceWhat !== 'allow') return `since the first check (${slackDate(result.since)}; ${checked})`;
  return dryRun ? `since the dry-run approval (${checked})` : `since the allow (${checked})`;
}


/** "3 devices", or "at least 3 devices" when the hunt returned as many rows as it may. */
function devices(result: VerifyResult): string {
  return `${result.capped ? 'at least ' : ''}${plural(result.blockedDevices, 'device')}`;
}

/**
 * " Also blocked: N devices outside the allow's device groups `A`, `B` (as approved: …)." for a scoped
 * allow whose check found blocks on devices it was not given for; '' otherwise.
 */
function outsideScopeText(view: RequestView, result: VerifyResult): string {
  const groups = view.decision?.rbacGroupNames ?? view.indicator?.rbacGroupNames ?? [];
  if (result.outsideScopeDevices === 0 || groups.length === 0) return '';
  return (
    ` Also blocked: ${plural(result.outsideScopeDevices, 'device')} outside the allow's device ${groups.length === 1 ? 'group' : 'groups'} ` +
    `${groups.map((g) => code(g)).join(', ')}, as approved (the allow was not given for them; a report from one of them asks the approvers to widen it).`
  );
}

/**
 * The thread reply after a check since the allow became active (or, the second time, since the
 * first check): no block events, or still blocked on N devices with Defender's propagation delay, the checklist, and when Unblock checks again.
 */
export function verifiedThreadText(view: RequestView, result: VerifyResult): string {
  const host = code(view.request.target.value);
  if (simulatedAllow(view)) return dryRunThreadText(view, result);
  if (result.blockedDevices === 0) {
    return `:white_check_mark: Did the allow work? ${host}: no block events ${sinceText(result)}${(view.decision?.rbacGroupNames ?? view.indicator?.rbacGroupNames ?? []).length > 0 ? ' on the devices it reaches' : ''}.${outsideScopeText(view, result)}`;
  }
  // The last automatic check still finding blocks needs a person: the approvers are mentioned.
  const who = result.nextCheckAt === null ? approverIds(view.decision, view.approvals).map((id) => `${mention(id)} `).join('') : '';
  return (
    `:warning: ${who}Did the allow work? ${host} is still blocked on ${devices(result)} ${sinceText(result)}. ` +
    `${propagationText('still_blocked')} If it persists, check ${STILL_BLOCKED_CHECKLIST} ` +
    (result.nextCheckAt ? `I check again ${slackDate(result.nextCheckAt)}.` : 'That was the last automatic check.') +
    outsideScopeText(view, result)
  );
}

/**
 * A dry run's check, in the thread: first that nothing was allowed, so Defender still blocks the
 * host whatever the hunt found; then what it found. Blocks are expected, so no propagation, no
 * checklist of other causes and no alert to the approvers.
 */
function dryRunThreadText(view: RequestView, result: VerifyResult): string {
  const found = result.blockedDevices === 0 ? `no block events ${sinceText(result, true)}.` : `blocks on ${devices(result)} ${sinceText(result, true)}, as expected.`;
  return (
    `:test_tube: Dry run: nothing was allowed in Defender, so it still blocks ${code(view.request.target.value)}. The check after activation found ${found}` +
    (result.nextCheckAt ? ` I check again ${slackDate(result.nextCheckAt)}.` : '')
  );
}

/**
 * A dry run's check, in every reporter's DM: first that nothing was allowed, so Defender still
 * blocks the portal; never another cause, whatever the hunt found.
 */
function dryRunDm(view: RequestView, result: VerifyResult): string {
  const { request } = view;
  const seen =
    result.blockedDevices === 0
      ? `No block was seen ${sinceText(result, true)}, but that does not mean the portal is reachable.`
      : `Defender blocked it on ${devices(result)} ${sinceText(result, true)}.`;
  return (
    `:test_tube: Request #${request.number} for ${code(request.target.value)} was approved in a *dry run*: nothing was allowed in Defender, so Defender still blocks the portal. ` +
    `${seen} Ask the security team if you need it now.`
  );
}

/** The DM every reporter gets after a check since the allow became active. */
export function verifiedDm(view: RequestView, result: VerifyResult): string {
  const { request } = view;
  if (simulatedAllow(view)) return dryRunDm(view, result);
  const what = `Request #${request.number} for ${code(request.target.value)}`;
  if (result.blockedDevices === 0) {
    return (
      `:white_check_mark: ${what}: no block events ${sinceText(result)}${result.outsideScopeDevices > 0 ? ' on the devices the allow reaches' : ''}. ` +
      (result.outsideScopeDevices > 0
        ? `Defender still blocks ${plural(result.outsideScopeDevices, 'device')} outside the allow's device groups, as approved: if yours is one of them, that is why; the approvers have the details.`
        : 'If it still fails for you, something other than a Defender block is in the way (a proxy or firewall, say): tell the security team.')
    );
  }
  return (
    `:hourglass_flowing_sand: ${what}: still blocked on ${devices(result)} ${sinceText(result)}. ` +
    `${propagationText('still_blocked')} ` +
    (result.nextCheckAt
      ? `I check again ${slackDate(result.nextCheckAt)} and tell you.`
      : `If it persists, tell the security team (request #${request.number}); they have the details in the thread.`)
  );
}
