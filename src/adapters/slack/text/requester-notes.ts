import type { RequesterNote } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { heldUntil } from '../../../domain/request/request.ts';
import { code, mention, slackDate } from '../mrkdwn.ts';
import { approversText } from './decision-line.ts';
import { propagationText } from './propagation.ts';
import { simulatedAllow } from './dry-run-text.ts';
import { scopeChangeDecidedDm } from './scope-change-text.ts';
import { expiredUndecidedDm } from './undecided-notes.ts';
import { verifiedDm } from './verify-notes.ts';

/** The DM every reporter of a request gets when something happens to their allow. */
export function renderRequesterNote(view: RequestView, note: RequesterNote): string {
  const { request, decision } = view;
  const host = code(request.target.value);
  const what = `Your request #${request.number} to reach ${host}`;
  const by = decision ? ` by ${approversText(view)}` : '';
  const end = heldUntil(decision, view.extensions, view.indicator);
  const until = end ? ` until ${slackDate(end)}` : '';
  const again = `If you still need it, run \`/portal-blocked ${request.target.value}\` again.`;
  // Deleting an indicator reaches devices as slowly as creating it (defender-api.md §5); one Unblock reused stays.
  const removal = view.indicator !== null && !view.indicator.reusedExisting ? `${propagationText('removal')} ` : '';
  // A dry run's allow was only simulated: its end changes nothing on devices, and an extension allows nothing.
  const simulated = simulatedAllow(view);
  const stillBlocked = 'It was a dry run: nothing had been allowed in Defender, so nothing changes for you and the portal is still blocked.';
  switch (note.kind) {
    case 'allow_active':
      // A dry run only simulated the allow: never tell the reporter the portal is reachable.
      if (request.dryRun === true) return `:test_tube: ${what} was approved${by} in a *dry run*: Unblock only simulated the allow${until}, so the portal is still blocked.`;
      return (
        `:white_check_mark: ${what} was approved${by}: it is allowed${until}. ` +
        (decision?.indicator?.type === 'Url'
          ? `Only ${code(decision.indicator.value)} is allowed, and only in Microsoft Edge: use Edge for it, as other browsers and apps may stay blocked. `
          : '') +
        propagationText('requester')
      );
    case 'approved_not_active':
      return `:hourglass_flowing_sand: ${what} was approved${by}, but Defender has not accepted the allow yet. I keep trying; the security team has been told.`;
    case 'denied':
      return `:no_entry: ${what} was denied${by}. If you think this is a mistake, talk to the security team; the request number helps them find it.`;
    case 'scope_change_decided':
      return scopeChangeDecidedDm(view, note);
    case 'extended':
      if (simulated)
        return `:test_tube: The dry-run allow for ${host} (request #${request.number}) was extended${view.extensions.length ? ` by ${mention(view.extensions.at(-1)!.actorId)}` : ''} to run${until}, in the dry run only: nothing is allowed in Defender, so the portal is still blocked.`;
      return `:arrows_clockwise: The allow for ${host} (request #${request.number}) was extended${view.extensions.length ? ` by ${mention(view.extensions.at(-1)!.actorId)}` : ''}: it now lasts${until}.`;
    case 'revoked':
      if (simulated) return `:no_entry: The dry-run allow for ${host} (request #${request.number}) was revoked by ${mention(note.actorId)}. ${stillBlocked} ${again}`;
      return `:no_entry: The allow for ${host} (request #${request.number}) was revoked by ${mention(note.actorId)}. ${removal}${again}`;
    case 'expired':
      if (simulated) return `:checkered_flag: The dry-run allow for ${host} (request #${request.number}) has ended. ${stillBlocked} ${again}`;
      return `:checkered_flag: The allow for ${host} (request #${request.number}) has expired. ${removal}${again}`;
    case 'report_abandoned':
      return `:warning: Your report #${request.number} about ${host} could not be completed (the bot was interrupted before the security team got it), so nothing was submitted. ${again}`;
    case 'activation_abandoned':
      return `:x: ${what} was approved, but Defender never accepted the allow before the approved time ran out, so nothing was allowed. ${again}`;
    case 'expired_undecided':
      return expiredUndecidedDm(view, note.ttlMs);
    case 'verified':
      return verifiedDm(view, note.result);
  }
}
