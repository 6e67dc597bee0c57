import type { DecideRefusal } from '../../../app/decide-request.ts';
import { mention, slackDate } from '../mrkdwn.ts';

/** What the clicker is told, privately, when their approve or deny click changed nothing. */
export function decisionRefusalText(refusal: DecideRefusal): string {
  switch (refusal.code) {
    case 'not_ready':
      return ':hourglass_flowing_sand: This request is still being set up. Try again in a few seconds. Nothing was changed.';
    case 'not_found':
    case 'wrong_message':
      return ':warning: This button does not belong to a request I know. Nothing was changed.';
    case 'not_an_approver':
      return ':no_entry_sign: Only approvers can approve or deny unblock requests. Nothing was changed.';
    case 'self_approval_forbidden':
      return ':no_entry_sign: You cannot decide your own request: another approver has to. Nothing was changed.';
    case 'duration_not_offered':
      return ':warning: That duration is not on offer. Pick one from the list. Nothing was changed.';
    case 'approval_not_offered':
      return ':no_entry_sign: Approve is not offered for this request: Defender saw command-and-control traffic to it, a possible compromise. Investigate it as an incident, or deny it. (An operator can set ALLOW_C2_OVERRIDE=true to allow such targets with two approvers.) Nothing was changed.';
    case 'pending_closed':
      return `:hourglass: Request #${refusal.number} closed undecided ${slackDate(refusal.closesAt)}, so it can no longer be approved; ask the requester to report it again. Nothing was changed.`;
    case 'indicator_not_offered':
      return ':warning: That kind of indicator is not on offer for this request. Pick one from the list. Nothing was changed.';
    case 'scope_not_offered':
      return ':warning: That scope is not on offer for this request. Pick the proposed device groups or all devices from the list. Nothing was changed.';
    case 'scope_changed':
      return ':arrows_counterclockwise: The proposed device groups changed after you looked (a later report found blocked devices in another group). Look at the message again and approve what it proposes now. Nothing was changed.';
    case 'already_approved_by_you':
      return ':no_entry_sign: You have already approved this request. It needs a second, *different* approver, so your click does not count twice. Nothing was changed.';
    case 'busy':
      return ':hourglass_flowing_sand: Other approvers were clicking on this request at the same moment. Look at the message again and retry if it still waits for you. Nothing was changed.';
    case 'already_decided': {
      const { request, decision } = refusal.view;
      if (decision === null && request.status === 'expired') {
        return `:information_source: Request #${request.number} expired undecided${request.closedAt ? ` ${slackDate(request.closedAt)}` : ''}, so it can no longer be approved or denied; a new report of the host opens a new request. Nothing was changed.`;
      }
      if (decision === null) return `:information_source: Request #${request.number} is no longer waiting for a decision. Nothing was changed.`;
      const verb = decision.outcome === 'approved' ? 'approved' : 'denied';
      return `:information_source: Request #${request.number} was already ${verb} by ${mention(decision.deciderId)} ${slackDate(decision.decidedAt)}. Nothing was changed.`;
    }
  }
}
