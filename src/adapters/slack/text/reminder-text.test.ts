import { describe, expect, test } from 'vitest';
import type { ReminderOutcome } from '../../../app/ports/notifier.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { activeView, approval, DECIDED_AT, shownDate } from '../../../../test/builders/request-view-fixtures.ts';
import { reminderHeadline, settledReminderText } from './reminder-text.ts';

const END = new Date('2026-11-21T10:00:00Z');
const EXTENDED = new Date('2026-11-24T10:00:00Z');
const extended: RequestView = { ...activeView(), extensions: [{ actorId: 'U0CAROL', at: END, duration: 'P3D', fromExpiry: END, toExpiry: EXTENDED }] };

describe('reminderHeadline', () => {
  test('tells the requester and the approver when the allow ends', () => {
    expect(reminderHeadline(activeView())).toBe(`:alarm_clock: <@U0ALICE> <@U0BOB> the allow for \`logistics.contoso.com\` (request #42) ends ${shownDate(END)}.`);
  });

  test('names both approvers, once each, and the URL when only the URL is allowed', () => {
    const approvals = ['U0BOB', 'U0ALICE'].map((approverId) => ({ approverId, at: DECIDED_AT, duration: 'P1D', indicatorType: 'Url' as const, rbacGroupNames: [] }));
    const view: RequestView = { ...activeView(), approvals, decision: approval({ indicator: { type: 'Url', value: 'https://logistics.contoso.com/a?b=1&c=2' } }) };
    expect(reminderHeadline(view)).toBe(
      `:alarm_clock: <@U0ALICE> <@U0BOB> the allow for \`https://logistics.contoso.com/a?b=1&amp;c=2\` (request #42) ends ${shownDate(END)}.`,
    );
  });
});

describe('settledReminderText', () => {
  test.each<[ReminderOutcome, string]>([
    [{ kind: 'extended', actorId: 'U0CAROL' }, `:arrows_clockwise: Extended by <@U0CAROL> until ${shownDate(EXTENDED)}.`],
    [{ kind: 'revoked', actorId: 'U0ALICE' }, ':no_entry: Revoked by <@U0ALICE>.'],
    [{ kind: 'let_expire', actorId: 'U0BOB' }, ':hourglass_flowing_sand: <@U0BOB> chose to let it expire.'],
    [{ kind: 'expired' }, ':checkered_flag: Expired.'],
    [{ kind: 'revoked', actorId: '<!channel>&' }, ':no_entry: Revoked by &lt;!channel&gt;&amp;.'],
  ])('%j', (outcome, text) => {
    expect(settledReminderText(extended, outcome)).toBe(text);
  });
});
