import { describe, expect, test } from 'vitest';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { activeView, approval, approvedView, aView, DECIDED_AT, denial, deniedView, indicatorRecord, shownDate } from '../../../../test/builders/request-view-fixtures.ts';
import { actorText, approversText, decisionLine, urlOnlyText } from './decision-line.ts';

const END = new Date('2026-11-21T10:00:00Z');
const CLOSED = new Date('2026-11-21T08:00:00Z');
const APPROVED = `*Approved* by <@U0BOB> ${shownDate(DECIDED_AT)} for 1 day`;
const closed = (status: RequestView['request']['status'], closedBy: string | null = null) =>
  ({ ...activeView(), request: { ...activeView().request, status, closedAt: CLOSED, closedBy } }) satisfies RequestView;

describe('decisionLine', () => {
  test.each<[string, RequestView, string]>([
    ['pending', aView(), 'Waiting for an approver.'],
    ['denied', deniedView(), `:no_entry: *Denied* by <@U0BOB> ${shownDate(DECIDED_AT)}.`],
    ['active', activeView(), `:white_check_mark: ${APPROVED}: allowed until ${shownDate(END)} (Defender indicator 98765).`],
    ['approved, not active yet', approvedView(), `:hourglass_flowing_sand: ${APPROVED} until ${shownDate(END)}. The Defender allow indicator is *not active yet*; progress is in the thread.`],
    ['"active" without an indicator', aView({ request: { status: 'active' }, decision: approval() }), `:hourglass_flowing_sand: ${APPROVED} until ${shownDate(END)}. The Defender allow indicator is *not active yet*; progress is in the thread.`],
    ['revoked by a person', closed('revoked', 'slack:U0ALICE'), `:no_entry: ${APPROVED}. *Revoked* by <@U0ALICE> ${shownDate(CLOSED)}; nothing is allowed any more.`],
    ['revoked by Unblock', closed('revoked', 'system:reconciler'), `:no_entry: ${APPROVED}. *Revoked* by Unblock ${shownDate(CLOSED)}; nothing is allowed any more.`],
    ['expired', closed('expired'), `:checkered_flag: ${APPROVED}. *Expired* ${shownDate(CLOSED)}; nothing is allowed any more.`],
    ['failed', closed('failed'), `:x: ${APPROVED}, but Defender never accepted the allow before the approved time ran out. Nothing is allowed now.`],
  ])('%s', (_, view, line) => {
    expect(decisionLine(view)).toBe(line);
  });

  test('an extended allow names the last extender and the new end', () => {
    const extended = new Date('2026-11-24T10:00:00Z');
    const view: RequestView = { ...activeView(), extensions: [{ actorId: 'U0CAROL', at: END, duration: 'P3D', fromExpiry: END, toExpiry: extended }] };
    expect(decisionLine(view)).toBe(`:white_check_mark: ${APPROVED}: allowed until ${shownDate(extended)} (extended by <@U0CAROL>) (Defender indicator 98765).`);
  });

  test('a URL allow says so; the indicator id Defender gave is escaped', () => {
    const url = { type: 'Url' as const, value: 'https://logistics.contoso.com/a?b=1&c=2' };
    const view: RequestView = { ...activeView(), decision: approval({ indicator: url }), indicator: { ...indicatorRecord, defenderId: '<!here>&1' } };
    expect(decisionLine(view)).toBe(
      `:white_check_mark: ${APPROVED} (only the URL \`https://logistics.contoso.com/a?b=1&amp;c=2\`, enforced in Microsoft Edge only): allowed until ${shownDate(END)} (Defender indicator &lt;!here&gt;&amp;1).`,
    );
  });
});

describe('the pieces of the decision line', () => {
  test.each<[string | null, string]>([
    ['slack:U0ALICE', '<@U0ALICE>'],
    ['slack:<!channel>', '&lt;!channel&gt;'],
    ['system:reconciler', 'Unblock'],
    [null, 'Unblock'],
  ])('actorText(%j)', (label, text) => {
    expect(actorText(label)).toBe(text);
  });

  test('approversText: the approvers, or the decider of a denial', () => {
    expect(approversText(activeView())).toBe('<@U0BOB>');
    const approvals = ['U0BOB', 'U0CAROL'].map((approverId) => ({ approverId, at: DECIDED_AT, duration: 'P1D', indicatorType: 'DomainName' as const, rbacGroupNames: [] }));
    expect(approversText({ ...activeView(), approvals })).toBe('<@U0BOB> and <@U0CAROL>');
    expect(approversText(aView({ request: { status: 'denied' }, decision: { ...denial, deciderId: 'U0DAN' } }))).toBe('<@U0DAN>');
    expect(approversText(aView())).toBe('');
  });

  test('urlOnlyText: only for a Url indicator', () => {
    expect(urlOnlyText(activeView())).toBe('');
    expect(urlOnlyText({ ...activeView(), decision: approval({ indicator: { type: 'Url', value: 'https://logistics.contoso.com/portal' } }) })).toBe(
      ' (only the URL `https://logistics.contoso.com/portal`, enforced in Microsoft Edge only)',
    );
  });
});
