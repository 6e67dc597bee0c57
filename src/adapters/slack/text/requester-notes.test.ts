import { describe, expect, test } from 'vitest';
import type { RequesterNote } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { activeView, approval, approvedView, aView, DECIDED_AT, deniedView, shownDate } from '../../../../test/builders/request-view-fixtures.ts';
import { renderRequesterNote } from './requester-notes.ts';

const END = new Date('2026-11-21T10:00:00Z');
const EXTENDED = new Date('2026-11-24T10:00:00Z');
const WHAT = 'Your request #42 to reach `logistics.contoso.com`';
const AGAIN = 'If you still need it, run `/portal-blocked logistics.contoso.com` again.';
const REMOVAL = 'Devices usually stop allowing it within 2 hours (up to 48 hours).';

describe('renderRequesterNote', () => {
  test.each<[string, RequestView, RequesterNote, string]>([
    [
      'allow_active',
      activeView(),
      { kind: 'allow_active' },
      `:white_check_mark: ${WHAT} was approved by <@U0BOB>: it is allowed until ${shownDate(END)}. Devices usually pick up the change within 2 hours (rarely up to 48), so try again a little later if it still fails.`,
    ],
    ['approved_not_active', approvedView(), { kind: 'approved_not_active' }, `:hourglass_flowing_sand: ${WHAT} was approved by <@U0BOB>, but Defender has not accepted the allow yet. I keep trying; the security team has been told.`],
    ['denied', deniedView(), { kind: 'denied' }, `:no_entry: ${WHAT} was denied by <@U0BOB>. If you think this is a mistake, talk to the security team; the request number helps them find it.`],
    [
      'extended',
      { ...activeView(), extensions: [{ actorId: 'U0CAROL', at: END, duration: 'P3D', fromExpiry: END, toExpiry: EXTENDED }] },
      { kind: 'extended' },
      `:arrows_clockwise: The allow for \`logistics.contoso.com\` (request #42) was extended by <@U0CAROL>: it now lasts until ${shownDate(EXTENDED)}.`,
    ],
    ['revoked', activeView(), { kind: 'revoked', actorId: 'U0BOB' }, `:no_entry: The allow for \`logistics.contoso.com\` (request #42) was revoked by <@U0BOB>. ${REMOVAL} ${AGAIN}`],
    ['revoked before it was active', approvedView(), { kind: 'revoked', actorId: 'U0BOB' }, `:no_entry: The allow for \`logistics.contoso.com\` (request #42) was revoked by <@U0BOB>. ${AGAIN}`],
    ['expired', activeView(), { kind: 'expired' }, `:checkered_flag: The allow for \`logistics.contoso.com\` (request #42) has expired. ${REMOVAL} ${AGAIN}`],
    [
      'expired, on an indicator Unblock reused (it stays)',
      { ...activeView(), indicator: { ...activeView().indicator!, reusedExisting: true } },
      { kind: 'expired' },
      `:checkered_flag: The allow for \`logistics.contoso.com\` (request #42) has expired. ${AGAIN}`,
    ],
    [
      'report_abandoned',
      aView({ request: { status: 'failed' } }),
      { kind: 'report_abandoned' },
      `:warning: Your report #42 about \`logistics.contoso.com\` could not be completed (the bot was interrupted before the security team got it), so nothing was submitted. ${AGAIN}`,
    ],
    [
      'activation_abandoned',
      approvedView(),
      { kind: 'activation_abandoned' },
      `:x: ${WHAT} was approved, but Defender never accepted the allow before the approved time ran out, so nothing was allowed. ${AGAIN}`,
    ],
  ])('%s', (_, view, note, text) => {
    expect(renderRequesterNote(view, note)).toBe(text);
  });

  const dry = (view: RequestView): RequestView => ({ ...view, request: { ...view.request, dryRun: true }, indicator: view.indicator && { ...view.indicator, defenderId: 'dryrun-1' } });
  const STILL_BLOCKED = 'It was a dry run: nothing had been allowed in Defender, so nothing changes for you and the portal is still blocked.';
  test.each<[string, RequestView, RequesterNote, string]>([
    ['revoked', dry(activeView()), { kind: 'revoked', actorId: 'U0BOB' }, `:no_entry: The dry-run allow for \`logistics.contoso.com\` (request #42) was revoked by <@U0BOB>. ${STILL_BLOCKED} ${AGAIN}`],
    ['revoked before it was recorded', dry(approvedView()), { kind: 'revoked', actorId: 'U0BOB' }, `:no_entry: The dry-run allow for \`logistics.contoso.com\` (request #42) was revoked by <@U0BOB>. ${STILL_BLOCKED} ${AGAIN}`],
    ['expired', dry(activeView()), { kind: 'expired' }, `:checkered_flag: The dry-run allow for \`logistics.contoso.com\` (request #42) has ended. ${STILL_BLOCKED} ${AGAIN}`],
    [
      'extended',
      dry({ ...activeView(), extensions: [{ actorId: 'U0CAROL', at: END, duration: 'P3D', fromExpiry: END, toExpiry: EXTENDED }] }),
      { kind: 'extended' },
      `:test_tube: The dry-run allow for \`logistics.contoso.com\` (request #42) was extended by <@U0CAROL> to run until ${shownDate(EXTENDED)}, in the dry run only: nothing is allowed in Defender, so the portal is still blocked.`,
    ],
  ])('a dry run, %s: says first that nothing was allowed, never that devices stop allowing it', (_, view, note, text) => {
    expect(renderRequesterNote(view, note)).toBe(text);
    expect(text).not.toContain(REMOVAL);
  });

  test('a URL allow tells the requester to use Edge, the URL escaped', () => {
    const view: RequestView = { ...activeView(), decision: approval({ indicator: { type: 'Url', value: 'https://logistics.contoso.com/a?b=1&c=2' } }) };
    expect(renderRequesterNote(view, { kind: 'allow_active' })).toBe(
      `:white_check_mark: ${WHAT} was approved by <@U0BOB>: it is allowed until ${shownDate(END)}. ` +
        'Only `https://logistics.contoso.com/a?b=1&amp;c=2` is allowed, and only in Microsoft Edge: use Edge for it, as other browsers and apps may stay blocked. ' +
        'Devices usually pick up the change within 2 hours (rarely up to 48), so try again a little later if it still fails.',
    );
  });

  test('two approvers are both named', () => {
    const approvals = ['U0BOB', 'U0CAROL'].map((approverId) => ({ approverId, at: DECIDED_AT, duration: 'P1D', indicatorType: 'DomainName' as const, rbacGroupNames: [] }));
    expect(renderRequesterNote({ ...approvedView(), approvals }, { kind: 'approved_not_active' })).toContain('was approved by <@U0BOB> and <@U0CAROL>, but');
  });

  test('an actor id Slack did not verify is escaped, not a broadcast', () => {
    expect(renderRequesterNote(activeView(), { kind: 'revoked', actorId: '<!channel>&' })).toContain('was revoked by &lt;!channel&gt;&amp;.');
  });
});
