import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness, USERS, visibleText } from '../support/e2e-harness.ts';
import { slackAutoLink } from '../support/slack-requests.ts';
import { databaseTargets } from '../support/test-databases.ts';

const URL = 'https://amp.contoso.com/login?a=1&b=2';
/** Everything Unblock wrote to Slack: messages (as last updated), thread replies, DMs and response_url replies. */
const everythingPosted = (h: Harness) => [
  ...h.slack.messages.map((m) => `${m.text ?? ''}\n${visibleText(m)}`),
  ...[...h.slack.responses.values()].flat().map((r) => String(r.text ?? '')),
];

describe.each(databaseTargets())('command text arrives the way Slack sends it ($name)', (target) => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start(target);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('decodes it once: the URL-only allow is for the real URL, and everyone reads the reason as typed (issue #7)', async () => {
    // Exactly what Slack delivered for `/portal-blocked https://amp.contoso.com/login?a=1&b=2 R&D expense app fails`.
    const ack = await h.command('<https://amp.contoso.com/login?a=1&amp;b=2> R&amp;D expense app fails', USERS.requester, { wire: true });
    expect(ack.json?.text).toContain('Looking for Defender block events for `amp.contoso.com`');
    const message = await h.approvalMessage();
    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ reason: 'R&D expense app fails', reportedTarget: URL });
    const text = visibleText(message);
    expect(text).toContain('>R&amp;D expense app fails');
    expect(text).toContain('`https://amp.contoso.com/login?a=1&amp;b=2`');

    await h.click('approve', { message, userId: USERS.approver, indicatorKind: 'Url' });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    const [indicator] = [...h.defender.indicators.values()];
    expect(indicator).toMatchObject({ indicatorType: 'Url', indicatorValue: URL, action: 'Allowed' });
    expect(indicator!.title).toContain(`temporary allow for ${URL}`);
    expect(indicator!.description).toContain('reason: "R&D expense app fails"');
    expect(`${indicator!.title}${indicator!.description}`).not.toMatch(/&(amp|lt|gt);/);

    // The thread hears of the indicator once it is recorded.
    const note = await waitFor('thread note', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('created')));
    expect(note.text).toContain('Url `https://amp.contoso.com/login?a=1&amp;b=2`');
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ indicatorValue: URL });
    expect((await waitFor('DM', () => h.slack.dms(USERS.requester)[0])).text).toContain('`https://amp.contoso.com/login?a=1&amp;b=2`');
    await waitFor('reply', () => h.slack.responsesTo(ack.responseId)[0]);
    for (const posted of everythingPosted(h)) expect(posted).not.toContain('&amp;amp;');
  });

  it('takes an address Slack auto-linked with its guessed http:// as the user typed it: the URL-only allow is https', async () => {
    // What a real Slack client delivers for `/portal-blocked logistics.contoso.com/portal/login the shipping app fails`.
    const wire = `${slackAutoLink('logistics.contoso.com/portal/login')} the shipping app fails`;
    expect(wire).toBe('<http://logistics.contoso.com/portal/login|logistics.contoso.com/portal/login> the shipping app fails');
    await h.command(wire, USERS.requester, { wire: true });
    const message = await h.approvalMessage();
    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ reportedTarget: 'https://logistics.contoso.com/portal/login', reason: 'the shipping app fails' });
    expect(visibleText(message)).toContain('`https://logistics.contoso.com/portal/login`');
    expect(visibleText(message)).not.toContain('http://');

    await h.click('approve', { message, userId: USERS.approver, indicatorKind: 'Url' });
    await waitFor('indicator', () => h.defender.indicators.size === 1);
    expect([...h.defender.indicators.values()][0]).toMatchObject({ indicatorType: 'Url', indicatorValue: 'https://logistics.contoso.com/portal/login', action: 'Allowed' });
  });

  it('refuses a zero-padded IPv4 address, which a URL parser reads as octal, and records nothing', async () => {
    for (const typed of ['013.107.006.152 the ERP gateway fails', '<https://013.107.006.152/x> the ERP gateway fails']) {
      const ack = await h.command(typed, USERS.requester, { wire: true });
      expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
      expect(ack.json?.text).toContain('four decimal numbers from 0 to 255 without leading zeros');
      expect(ack.json?.text).not.toContain('11.107.6.152');
    }
    expect(h.graph.queries).toHaveLength(0);
    expect(await h.prisma.unblockRequest.count()).toBe(0);
    expect(h.slack.parents(APPROVAL_CHANNEL)).toHaveLength(0);
    expect(h.defender.requests).toHaveLength(0);
  });

  it('takes % escapes in an auto-linked path, and refuses them in a host, recording nothing', async () => {
    for (const typed of ['https://con%74oso.com/portal the shipping app fails', 'fe80::1%eth0 the shipping app fails']) {
      const ack = await h.command(typed);
      expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
      expect(ack.json?.text).toContain('no % escapes or IPv6 zone ids in the host name');
    }
    expect(h.graph.queries).toHaveLength(0);
    expect(await h.prisma.unblockRequest.count()).toBe(0);
    expect(h.slack.parents(APPROVAL_CHANNEL)).toHaveLength(0);

    // What a real Slack client delivers for `/portal-blocked logistics.contoso.com/sites/Shipping%20Team/Forms`.
    await h.command(`${slackAutoLink('logistics.contoso.com/sites/Shipping%20Team/Forms')} the shipping app fails`, USERS.requester, { wire: true });
    const message = await h.approvalMessage();
    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ reportedTarget: 'https://logistics.contoso.com/sites/Shipping%20Team/Forms' });
    expect(visibleText(message)).toContain('`https://logistics.contoso.com/sites/Shipping%20Team/Forms`');
  });

  it('shows mentions and broadcasts from a reason as plain text, never as live ones', async () => {
    await h.command('<https://logistics.contoso.com> <!channel> ask <@U0APPROVER> or <!subteam^S0SEC|@security>, 1 &lt; 2', USERS.requester, { wire: true });
    const message = await h.approvalMessage();
    // Slack links a host typed without a scheme as <http://host|host>; the link counts, not the label.
    await h.command('<http://logistics.contoso.com|logistics.contoso.com> <!here> &lt;!everyone&gt; me too', USERS.outsider, { wire: true });
    const plusOne = await waitFor('+1', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('more person reported it')));

    expect(await h.prisma.unblockRequest.findFirstOrThrow()).toMatchObject({ reason: '@channel ask @U0APPROVER or @security, 1 < 2' });
    expect(await h.prisma.reporter.findFirstOrThrow({ where: { userId: USERS.outsider } })).toMatchObject({ reason: '@here <!everyone> me too' });
    expect(visibleText(message)).toContain('>@channel ask @U0APPROVER or @security, 1 &lt; 2');
    expect(plusOne.text).toContain('>@here &lt;!everyone&gt; me too');

    await waitFor('both replies', () => h.slack.responsesTo('cmd-1')[0] && h.slack.responsesTo('cmd-2')[0]);
    for (const posted of everythingPosted(h)) {
      expect(posted).not.toMatch(/<!(here|channel|everyone|group|subteam)/);
      expect(posted).not.toContain(`<@${USERS.approver}>`);
    }
    // A plain "@channel" is only text as long as the bot never asks Slack to parse names in what it posts
    // (chat.postMessage `link_names` / `parse: full`, docs.slack.dev/reference/methods/chat.postMessage).
    for (const call of [...h.slack.callsOf('chat.postMessage'), ...h.slack.callsOf('chat.update')]) {
      expect(call.args.link_names).toBeUndefined();
      expect(call.args.parse).toBeUndefined();
    }
  });
});
