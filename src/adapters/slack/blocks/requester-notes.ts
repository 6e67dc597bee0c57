import type { RequesterNote, RequestView } from '../../../app/ports.ts';
import { code, mention, slackDate } from '../mrkdwn.ts';

/** The DM every reporter of a request gets when it is decided. */
export function renderRequesterNote(view: RequestView, note: RequesterNote): string {
  const { request, decision, indicator } = view;
  const what = `Your request #${request.number} to reach ${code(request.target.value)}`;
  const by = decision ? ` by ${mention(decision.deciderId)}` : '';
  switch (note.kind) {
    case 'allow_active': {
      const until = indicator?.expiresAt ? ` until ${slackDate(indicator.expiresAt)}` : '';
      return (
        `:white_check_mark: ${what} was approved${by}: it is allowed${until}. ` +
        'Devices usually pick up the change within 2 hours (rarely up to 48), so try again a little later if it still fails.'
      );
    }
    case 'approved_not_active':
      return `:hourglass_flowing_sand: ${what} was approved${by}, but Defender has not accepted the allow yet. The security team has been told.`;
    case 'denied':
      return `:no_entry: ${what} was denied${by}. If you think this is a mistake, talk to the security team; the request number helps them find it.`;
  }
}
