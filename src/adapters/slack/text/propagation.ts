import { plural } from '../mrkdwn.ts';

/**
 * How long managed devices take to apply a new, changed or deleted Defender indicator, in hours:
 * usually within 2, up to 48 as Defender documents it, for creates and deletes alike
 * (defender-api.md §5 "Propagation delay"; README "How a request flows").
 */
const USUAL_HOURS = 2;
const AT_MOST_HOURS = 48;

/**
 * Who is told how long Defender takes to reach devices, and so how it is worded:
 * - `approvers`: the thread note that the allow is active;
 * - `requester`: the DM that their allow is active, with what to do if it still fails;
 * - `later_reporter`: the reply to someone reporting a target that is already allowed;
 * - `still_blocked`: the check after activation that still found blocked devices;
 * - `removal`: a revoked or expired allow, whose removal reaches devices just as slowly.
 */
export type PropagationAudience = 'approvers' | 'requester' | 'later_reporter' | 'still_blocked' | 'removal';

/** The one sentence (with its full stop) on how long Defender takes to apply an indicator on devices. */
export function propagationText(audience: PropagationAudience): string {
  switch (audience) {
    case 'approvers':
      return `Devices usually pick it up within ${plural(USUAL_HOURS, 'hour')} (up to ${plural(AT_MOST_HOURS, 'hour')}).`;
    case 'requester':
      return `Devices usually pick up the change within ${plural(USUAL_HOURS, 'hour')} (rarely up to ${AT_MOST_HOURS}), so try again a little later if it still fails.`;
    case 'later_reporter':
      return `Devices can take up to ${plural(USUAL_HOURS, 'hour')} to pick it up.`;
    case 'still_blocked':
      return `Propagation can take up to ${plural(AT_MOST_HOURS, 'hour')}.`;
    case 'removal':
      return `Devices usually stop allowing it within ${plural(USUAL_HOURS, 'hour')} (up to ${plural(AT_MOST_HOURS, 'hour')}).`;
  }
}
