import { describe, expect, test } from 'vitest';
import { aView, blockEvent, DECIDED_AT, evidence } from '../../../../test/builders/request-view-fixtures.ts';
import { URL_INDICATOR_ADVICE } from './indicator-reach.ts';
import { pendingSections } from './pending-sections.ts';

const flagged = evidence('found', [blockEvent({ category: 'Malicious' })]);
const ONE = { requiredApprovals: 1, approvable: true } as const;
const TWO = { requiredApprovals: 2, approvable: true } as const;

describe('pendingSections', () => {
  test('a bare host needing one approver: nothing', () => {
    expect(pendingSections(aView({ request: { reportedTarget: 'logistics.contoso.com' } }), ONE)).toEqual([]);
  });

  test('an address with a path: the URL-only choice, escaped', () => {
    expect(pendingSections(aView({ request: { reportedTarget: 'https://logistics.contoso.com/a?b=1&c=2' } }), ONE)).toEqual([
      `:link: The reported address has a path. Instead of the host you may allow *only* \`https://logistics.contoso.com/a?b=1&amp;c=2\`: pick *URL: this path only* next to the duration. ${URL_INDICATOR_ADVICE}`,
    ]);
  });

  test('a target needing two approvers: nothing before the first approval, the progress after it', () => {
    const host = { reportedTarget: 'logistics.contoso.com' };
    expect(pendingSections(aView({ request: host, evidence: flagged }), TWO)).toEqual([]);
    const approvals = [{ approverId: 'U0BOB', at: DECIDED_AT, duration: 'P1D', indicatorType: 'DomainName' as const, rbacGroupNames: [] }];
    expect(pendingSections(aView({ request: host, evidence: flagged, approvals }), TWO)).toEqual([
      ':ballot_box_with_check: *1 of 2 approvals:* <@U0BOB> approved for 1 day; a second, different approver must approve too.',
    ]);
  });

  test('a target nobody may approve (command and control without the override): nothing, not even the URL choice', () => {
    expect(pendingSections(aView({ request: { reportedTarget: 'https://logistics.contoso.com/a' } }), { requiredApprovals: 2, approvable: false })).toEqual([]);
  });
});
