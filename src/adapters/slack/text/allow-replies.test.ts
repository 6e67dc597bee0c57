import { describe, expect, test } from 'vitest';
import { HOSTILE_SHOWN, HOSTILE_TEXT, shownDate } from '../../../../test/builders/request-view-fixtures.ts';
import { allowRefusalText } from './allow-replies.ts';

const UNCHANGED = 'Nothing was changed.';

describe('allowRefusalText', () => {
  test.each<[Parameters<typeof allowRefusalText>[0]['code'], string]>([
    ['not_found', ':warning: This button does not belong to a request I know.'],
    ['wrong_message', ':warning: This button does not belong to a request I know.'],
    ['not_active', ':information_source: This allow is not active any more.'],
    ['not_revocable', ':information_source: This allow is not active any more.'],
    ['not_an_approver', ':no_entry_sign: Only approvers can extend an allow.'],
    [
      'needs_two_approvers',
      ':no_entry_sign: A threat-verdict allow cannot be extended by one approver; to keep access, report it again once it ends (fresh evidence, two approvers).',
    ],
    ['self_extension_forbidden', ':no_entry_sign: You cannot extend your own allow: another approver has to.'],
    ['not_allowed', ':no_entry_sign: Only the requester or an approver can do that.'],
    ['duration_not_offered', ':warning: That duration is not on offer. Pick one from the list.'],
    ['not_longer', ':warning: That would not make the allow last longer; to end it sooner, use Revoke.'],
    ['busy', ':hourglass_flowing_sand: Someone else is changing this allow right now; try again in a moment.'],
    ['conflict', ':information_source: Someone else changed this allow at the same moment; look at the thread.'],
  ])('%s', (code, text) => {
    expect(allowRefusalText({ code } as Parameters<typeof allowRefusalText>[0])).toBe(`${text} ${UNCHANGED}`);
  });

  test('an indicator someone else owns that ends sooner: when it ends', () => {
    const endsAt = new Date('2026-11-22T10:00:00Z');
    expect(allowRefusalText({ code: 'reused_indicator_ends_sooner', endsAt })).toBe(
      `:warning: This allow rides on a Defender indicator Unblock did not create, which ends ${shownDate(endsAt)}; Unblock will not rewrite someone else's indicator. Ask its owner, or pick a shorter extension. ${UNCHANGED}`,
    );
  });

  test.each<[boolean, string]>([
    [true, `:x: Defender was unavailable (${HOSTILE_SHOWN}). Please try again in a few minutes. ${UNCHANGED}`],
    [false, `:x: Defender refused (${HOSTILE_SHOWN}). Trying again will not help until that is fixed. ${UNCHANGED}`],
  ])('a Defender failure (retryable %s) quotes its reason, escaped', (retryable, text) => {
    expect(allowRefusalText({ code: 'defender_failed', message: HOSTILE_TEXT, retryable })).toBe(text);
  });
});
