import { describe, expect, test } from 'vitest';
import { activeView, allText, approval, blockEvent, blocksOfType, evidence, indicatorRecord, policy, aView } from '../../../../test/builders/request-view-fixtures.ts';
import { ACTIONS } from '../action-ids.ts';
import { renderReminder } from './reminder-message.ts';

const actionIds = (view: Parameters<typeof renderReminder>[0]) =>
  blocksOfType(renderReminder(view, policy), 'actions').flatMap((b) => (b.elements as Array<{ action_id: string }>).map((e) => e.action_id));

describe('renderReminder', () => {
  test("an allow one approver could grant (the org's block list) offers Extend, Revoke and Let it expire", () => {
    const view = activeView();
    expect(actionIds(view)).toEqual([ACTIONS.extendDuration, ACTIONS.extend, ACTIONS.revoke, ACTIONS.letExpire]);
    expect(allText(renderReminder(view, policy))).toContain('Extend it, revoke it now, or let it expire.');
  });

  test.each([
    ['a threat verdict', evidence('found', [blockEvent({ category: 'Phishing' })])],
    ['a command-and-control verdict', evidence('found', [blockEvent({ category: 'C2' })])],
    ['a failed hunt', evidence('unavailable', [], 'Advanced hunting is busy')],
  ])('an allow that took two approvers (%s) offers no Extend, and says why', (_case, found) => {
    const view = aView({ request: { status: 'active' }, decision: approval(), indicator: indicatorRecord, evidence: found });
    expect(actionIds(view)).toEqual([ACTIONS.revoke, ACTIONS.letExpire]);
    expect(allText(renderReminder(view, policy))).toContain(
      'Revoke it now, or let it expire. A threat-verdict allow cannot be extended by one approver; to keep access, report it again once it ends (fresh evidence, two approvers).',
    );
  });
});
