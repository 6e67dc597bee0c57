import { afterEach, describe, expect, it } from 'vitest';
import { defenderError } from '../http-fakes/fake-defender.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import type { PostedMessage } from '../http-fakes/fake-slack.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, SECRETS, USERS } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

// Issue 7, part 6: say why, and fail where the cause is. No assertion here on retry timing (the
// use-case decides when to alert); only on what approvers and the logs are told.

const RESOURCE_FORM = 'https://securitycenter.onmicrosoft.com/windowsatpservice';

describe.each(databaseTargets())('vendor reasons and token scopes, end to end ($name)', (target) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  async function reportAndApprove(harness: Harness): Promise<PostedMessage> {
    await harness.command('https://logistics.contoso.com shipping app');
    const message = await harness.approvalMessage();
    await harness.click('approve', { message, userId: USERS.approver });
    return message;
  }

  /** The log lines (parsed) whose logged error is a Defender failure. */
  const defenderErrorLogs = (harness: Harness) =>
    harness.logs.map((line) => JSON.parse(line) as { err?: { service?: string; vendorMessage?: string; userMessage?: string } }).filter((l) => l.err?.service === 'defender');

  const expectNoSecretsLogged = (harness: Harness) => {
    const logs = harness.logs.join('\n');
    for (const secret of Object.values(SECRETS)) expect(logs).not.toContain(secret);
    for (const token of harness.entra.issued) expect(logs).not.toContain(token.token);
  };

  it('starts with DEFENDER_API_SCOPE in the resource form, and an approval creates the indicator with the normalised scope', async () => {
    h = await Harness.start(target, { DEFENDER_API_SCOPE: RESOURCE_FORM });
    const message = await reportAndApprove(h);
    await waitFor('indicator created', () => h!.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('created:')));
    expect(h.defender.indicators.size).toBe(1);
    expect(await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestIdOf(message) } })).toMatchObject({ status: 'active' });
    // Entra was asked for the resource followed by /.default, the only form it accepts for client credentials.
    expect(h.entra.issued.map((t) => t.scope)).toContain(`${RESOURCE_FORM}/.default`);
    expect(h.entra.issued.map((t) => t.scope)).not.toContain(RESOURCE_FORM);
  });

  it('Defender refusing the create at its tenant limit: approvers are alerted at once with Defender’s own reason, and the log keeps it', async () => {
    h = await Harness.start(target);
    h.defender.indicatorLimit = 0; // stands for a tenant already holding its 15,000 indicators
    const message = await reportAndApprove(h);
    const note = await waitFor('refusal in the thread', () =>
      h!.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('the tenant has reached the limit of 15000 active indicators')),
    );
    // In plain words first, Defender's own reason kept after them.
    expect(note.text).toContain(
      'the tenant has reached its limit of 15,000 indicators, so no new one can be created: "Cannot create indicator: the tenant has reached the limit of 15000 active indicators.',
    );
    expect(note.text).toContain('delete indicators that are no longer needed (Defender portal → Settings → Endpoints → Indicators)');
    expect(note.text).toMatch(/\[BadRequest, ref [0-9a-f-]{36}\]/);
    // A refusal retrying cannot fix is not backed off like an outage: the approver is alerted at once.
    expect(note.text).toContain(`<@${USERS.approver}> Defender refused the allow indicator, and trying again will not help until the cause is fixed: the tenant has reached its limit`);
    expect(note.text?.match(/Defender refused/g)).toHaveLength(1);
    await h.leaseReleased(requestIdOf(message));
    expect(h.defender.indicators.size).toBe(0);
    const lifecycle = await h.prisma.lifecycle.findUniqueOrThrow({ where: { requestId: requestIdOf(message) } });
    expect(lifecycle.activationAlertedAt).not.toBeNull();
    expect(lifecycle.nextActivationAt!.getTime() - lifecycle.activationFailingSince!.getTime()).toBe(3_600_000);
    expect(h.defender.requestsOf('POST')).toHaveLength(1);

    const logged = defenderErrorLogs(h);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]!.err!.vendorMessage).toContain('the tenant has reached the limit of 15000 active indicators');
    expectNoSecretsLogged(h);
  });

  it('a vendor reason with Slack markup reaches the thread escaped exactly once', async () => {
    h = await Harness.start(target);
    h.defender.failNext('POST', defenderError(400, 'InvalidRequestBody', 'Value <!channel> is not valid for <https://evil.example|title> & co'));
    const message = await reportAndApprove(h);
    const note = await waitFor('refusal in the thread', () => h!.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('is not valid for')));
    expect(note.text).toContain('"Value &lt;!channel&gt; is not valid for &lt;https://evil.example|title&gt; &amp; co"');
    expect(note.text).not.toContain('<!channel>');
    expect(note.text).not.toContain('&amp;amp;');
    await h.leaseReleased(requestIdOf(message));
    expect(defenderErrorLogs(h)[0]!.err!.vendorMessage).toBe('Value <!channel> is not valid for <https://evil.example|title> & co');
  });
});
