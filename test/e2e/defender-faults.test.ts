import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import type { PostedMessage } from '../http-fakes/fake-slack.ts';
import { APPROVAL_CHANNEL, Harness, requestIdOf, USERS } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

const MINUTE = 60_000;

describe.each(databaseTargets())('Defender faults during activation converge to exactly one indicator ($name)', (target) => {
  let h: Harness;
  let clock: FakeClock;
  let message: PostedMessage;

  beforeEach(async () => {
    clock = new FakeClock(new Date('2026-11-26T09:00:00.000Z'));
    h = await Harness.start(target, { DEFENDER_REQUEST_TIMEOUT: 'PT1S' }, { clock });
    await h.command('https://logistics.contoso.com shipping app');
    message = await h.approvalMessage();
  });
  afterEach(async () => {
    await h.stop();
  });

  const status = async () => (await h.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestIdOf(message) } })).status;
  const lifecycle = () => h.prisma.lifecycle.findUniqueOrThrow({ where: { requestId: requestIdOf(message) } });
  const approve = async () => {
    await h.click('approve', { message, userId: USERS.approver });
    await waitFor('activation attempt', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => /could not be created|created:/.test(m.text ?? '')));
    await h.leaseReleased(requestIdOf(message));
  };

  it('429 with Retry-After: waits at least that long, then activates once', async () => {
    h.defender.failNext('POST', { status: 429, headers: { 'retry-after': '600' }, body: { error: { code: 'TooManyRequests', message: 'slow down', target: 'corr-429' } } });
    await approve();
    expect((await lifecycle()).nextActivationAt!.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() + 600_000);
    clock.advance(9 * MINUTE);
    await h.running.reconcileNow();
    expect(await status()).toBe('approved');
    clock.advance(2 * MINUTE);
    await h.running.reconcileNow();
    expect(await status()).toBe('active');
    expect(h.defender.indicators.size).toBe(1);
  });

  it('500s: retries with backoff until Defender recovers', async () => {
    h.defender.failNext('POST', { status: 500, body: { error: { code: 'InternalServerError', message: 'x', target: 'corr-1' } } });
    h.defender.failNext('POST', { status: 500, body: { error: { code: 'InternalServerError', message: 'x', target: 'corr-2' } } });
    await approve();
    for (let round = 0; round < 6 && (await status()) !== 'active'; round++) {
      clock.advance(5 * MINUTE);
      await h.running.reconcileNow();
    }
    expect(await status()).toBe('active');
    expect(h.defender.requestsOf('POST')).toHaveLength(3);
    expect(h.defender.indicators.size).toBe(1);
    expect(await h.prisma.auditEntry.count({ where: { action: 'allow.activation_failed' } })).toBe(2);
  });

  it('a timeout: the attempt fails, the next one finds the indicator Defender did create', async () => {
    h.defender.delayNext('POST', 2_000);
    await approve();
    expect(await status()).toBe('approved');
    clock.advance(5 * MINUTE);
    await h.running.reconcileNow();
    expect(await status()).toBe('active');
    expect(h.defender.indicators.size).toBe(1);
    expect(h.defender.requestsOf('POST')).toHaveLength(1);
    expect(await h.prisma.allowIndicator.findFirstOrThrow()).toMatchObject({ reusedExisting: false });
  });

  it('the POST succeeds in Defender, its response is lost, the bot crashes: exactly one indicator after restart', async () => {
    h.defender.loseNextResponse('POST');
    await approve();
    expect(h.defender.indicators.size).toBe(1);
    expect(await status()).toBe('approved');
    await h.restart();
    clock.advance(5 * MINUTE);
    await h.running.reconcileNow();
    expect(await status()).toBe('active');
    expect(h.defender.indicators.size).toBe(1);
    expect(h.defender.requestsOf('POST')).toHaveLength(1);
    const recorded = await h.prisma.allowIndicator.findFirstOrThrow();
    expect(recorded).toMatchObject({ defenderId: [...h.defender.indicators.keys()][0], reusedExisting: false });
  });

  it('Defender down for longer than an hour: the approver is pinged once, then the window runs out', async () => {
    for (let i = 0; i < 40; i++) h.defender.failNext('POST', { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'down', target: `corr-${i}` } } });
    await h.click('approve', { message, userId: USERS.approver, duration: 'PT8H' });
    await waitFor('first failure', () => h.slack.thread(APPROVAL_CHANNEL, message.ts).find((m) => m.text?.includes('could not be created')));
    for (let minutes = 0; minutes < 8 * 60 + 30; minutes += 15) {
      clock.advance(15 * MINUTE);
      await h.running.reconcileNow();
    }
    const thread = h.slack.thread(APPROVAL_CHANNEL, message.ts);
    expect(thread.filter((m) => m.text?.startsWith(':rotating_light:'))).toHaveLength(1);
    expect(thread.find((m) => m.text?.startsWith(':rotating_light:'))!.text).toContain(`<@${USERS.approver}>`);
    expect(thread.filter((m) => m.text?.includes('approved time ran out'))).toHaveLength(1);
    expect(await status()).toBe('failed');
    expect(h.defender.indicators.size).toBe(0);
    await waitFor('DM', () => h.slack.dms(USERS.requester).find((m) => m.text?.includes('never accepted the allow')));
  });
});
