import { describe, expect, test } from 'vitest';
import type { Approval } from '../../../domain/request/request.ts';
import { DECIDED_AT } from '../../../../test/builders/request-view-fixtures.ts';
import { approvalProgressText } from './approval-progress.ts';

const approvalBy = (approverId: string, overrides: Partial<Approval> = {}): Approval => ({ approverId, at: DECIDED_AT, duration: 'P1D', indicatorType: 'DomainName', rbacGroupNames: [], ...overrides });

describe('approvalProgressText', () => {
  test.each<[string, readonly Approval[], number, string]>([
    ['one of two', [approvalBy('U0BOB')], 2, '*1 of 2 approvals:* <@U0BOB> approved for 1 day; a second, different approver must approve too.'],
    ['one of two, URL only', [approvalBy('U0BOB', { duration: 'PT8H', indicatorType: 'Url' })], 2, '*1 of 2 approvals:* <@U0BOB> approved for 8 hours (URL only); a second, different approver must approve too.'],
    ['one of three', [approvalBy('U0BOB')], 3, '*1 of 3 approvals:* <@U0BOB> approved for 1 day; 2 more different approvers must approve too.'],
    ['a stored duration it cannot read', [approvalBy('U0BOB', { duration: 'P1M' })], 2, '*1 of 2 approvals:* <@U0BOB> approved for P1M; a second, different approver must approve too.'],
    ['an approver id Slack did not verify', [approvalBy('<!channel>&')], 2, '*1 of 2 approvals:* &lt;!channel&gt;&amp; approved for 1 day; a second, different approver must approve too.'],
  ])('%s', (_, approvals, required, text) => {
    expect(approvalProgressText(approvals, required)).toBe(text);
  });
});

describe('approvals name the device groups they were given for', () => {
  test('one for a group, one for all devices', () => {
    expect(approvalProgressText([approvalBy('U0BOB', { rbacGroupNames: ['Sales'] })], 2)).toBe(
      '*1 of 2 approvals:* <@U0BOB> approved for 1 day on device group `Sales`; a second, different approver must approve too.',
    );
  });
});
