import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FakeClock } from '../../../test/port-fakes/fake-clock.ts';
import { FakeSlack } from '../../../test/http-fakes/fake-slack.ts';
import { SlackApproverDirectory } from './slack-approver-directory.ts';

describe('SlackApproverDirectory', () => {
  let slack: FakeSlack;
  let clock: FakeClock;
  let directory: SlackApproverDirectory;
  const lookups = () => slack.callsOf('usergroups.users.list').length;

  beforeEach(async () => {
    slack = await new FakeSlack('xoxb-directory-test').start();
    slack.usergroups.set('S0APPROVERS', ['U0MEMBER']);
    clock = new FakeClock();
    const client = new webApi.WebClient('xoxb-directory-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    directory = new SlackApproverDirectory({ client, userIds: ['U0LISTED'], usergroupId: 'S0APPROVERS', clock });
  });
  afterEach(() => slack.stop());

  test('configured ids are approvers without asking Slack', async () => {
    expect(await directory.isApprover('U0LISTED')).toBe(true);
    expect(lookups()).toBe(0);
  });

  test('group members are read once and cached for a minute', async () => {
    expect(await directory.isApprover('U0MEMBER')).toBe(true);
    clock.advance(50_000);
    expect(await directory.isApprover('U0MEMBER')).toBe(true);
    expect(lookups()).toBe(1);
    clock.advance(11_000);
    await directory.isApprover('U0MEMBER');
    expect(lookups()).toBe(2);
  });

  test('a miss re-reads the group (someone was just added), at most every few seconds', async () => {
    expect(await directory.isApprover('U0MEMBER')).toBe(true);
    slack.usergroups.set('S0APPROVERS', ['U0MEMBER', 'U0NEWCOMER']);
    expect(await directory.isApprover('U0NEWCOMER')).toBe(false);
    expect(lookups()).toBe(1);
    clock.advance(6_000);
    expect(await directory.isApprover('U0NEWCOMER')).toBe(true);
    expect(lookups()).toBe(2);
    expect(await directory.isApprover('U0OUTSIDER')).toBe(false);
    expect(lookups()).toBe(2);
  });
});
