import type { ExtendFailure } from '../../../app/extend-allow.ts';
import type { LetExpireFailure } from '../../../app/let-allow-expire.ts';
import type { RevokeFailure } from '../../../app/revoke-allow.ts';
import { errorText, slackDate } from '../mrkdwn.ts';

const UNCHANGED = 'Nothing was changed.';

/**
 * Why an allow that took two different approvers (a threat or command-and-control verdict, or an
 * unknown cause) offers no Extend: shown on its reminder and to a click that tries anyway.
 */
export const NOT_EXTENDABLE =
  'A threat-verdict allow cannot be extended by one approver; to keep access, report it again once it ends (fresh evidence, two approvers).';

/** What the clicker is told, privately, when Extend, Revoke or Let it expire changed nothing. */
export function allowRefusalText(failure: ExtendFailure | RevokeFailure | LetExpireFailure): string {
  switch (failure.code) {
    case 'not_found':
    case 'wrong_message':
      return `:warning: This button does not belong to a request I know. ${UNCHANGED}`;
    case 'not_active':
    case 'not_revocable':
      return `:information_source: This allow is not active any more. ${UNCHANGED}`;
    case 'not_an_approver':
      return `:no_entry_sign: Only approvers can extend an allow. ${UNCHANGED}`;
    case 'needs_two_approvers':
      return `:no_entry_sign: ${NOT_EXTENDABLE} ${UNCHANGED}`;
    case 'self_extension_forbidden':
      return `:no_entry_sign: You cannot extend your own allow: another approver has to. ${UNCHANGED}`;
    case 'not_allowed':
      return `:no_entry_sign: Only the requester or an approver can do that. ${UNCHANGED}`;
    case 'duration_not_offered':
      return `:warning: That duration is not on offer. Pick one from the list. ${UNCHANGED}`;
    case 'not_longer':
      return `:warning: That would not make the allow last longer; to end it sooner, use Revoke. ${UNCHANGED}`;
    case 'busy':
      return `:hourglass_flowing_sand: Someone else is changing this allow right now; try again in a moment. ${UNCHANGED}`;
    case 'conflict':
      return `:information_source: Someone else changed this allow at the same moment; look at the thread. ${UNCHANGED}`;
    case 'reused_indicator_ends_sooner':
      return `:warning: This allow rides on a Defender indicator Unblock did not create, which ends ${slackDate(failure.endsAt)}; Unblock will not rewrite someone else's indicator. Ask its owner, or pick a shorter extension. ${UNCHANGED}`;
    case 'defender_failed':
      return failure.retryable
        ? `:x: Defender was unavailable (${errorText(failure.message)}). Please try again in a few minutes. ${UNCHANGED}`
        : `:x: Defender refused (${errorText(failure.message)}). Trying again will not help until that is fixed. ${UNCHANGED}`;
  }
}
