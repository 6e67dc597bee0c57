import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS, visibleText } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

const URL = 'https://logistics.contoso.com/portal/login';

describe.each(databaseTargets())('an approver may allow only the reported URL ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('offers the URL choice, explains where it works, and creates a Url indicator for the reported URL', async () => {
    await h.command(`${URL} the shipping app fails`);
    const message = await h.approvalMessage();
    expect(visibleText(message)).toContain('URL: this path only (Edge only)');
    expect(visibleText(message)).toContain('Full-path URL indicators are enforced only in Microsoft Edge');

    await h.click('approve', { message, userId: USERS.approver, indicatorKind: 'Url' });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    const [indicator] = [...h.defender.indicators.values()];
    expect(indicator).toMatchObject({ indicatorType: 'Url', indicatorValue: URL, action: 'Allowed' });
    // The thread hears of the indicator once it is recorded.
    const note = await waitFor('thread note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('created')));
    expect(note.text).toContain(`Url \`${URL}\``);
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ indicatorType: 'Url', indicatorValue: URL });
    expect((await waitFor('DM', () => h.slack.dms(USERS.requester)[0])).text).toContain('only in Microsoft Edge');
  });

  it('refuses a forged kind value and changes nothing', async () => {
    await h.command('https://logistics.contoso.com the shipping app fails');
    const message = await h.approvalMessage();
    expect(visibleText(message)).not.toContain('URL: this path only');

    const forged = await h.click('approve', { message, userId: USERS.approver, indicatorKind: 'Url' });
    expect((await h.response(forged.responseId)).text).toContain('That kind of indicator is not on offer');
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestIdOf(message) } })).toMatchObject({ status: 'pending_approval', version: 1 });
    expect(await h.prisma.approval.count()).toBe(0);
    expect(h.defender.requests).toHaveLength(0);
  });
});
