import { beforeEach, describe, expect, it } from 'vitest';
import { REFUSED_RETRY_MS } from '../../src/domain/lifecycle/retry-backoff.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';
import { APPROVER, HOUR, approvedRequest, defenderDown, defenderRefused, lifecycleProbe } from '../builders/lifecycle-requests.ts';

describe.each(databaseTargets())('a refusal retrying cannot fix ($name)', (target) => {
  const current = useWorld(target, { approvers: [APPROVER] });
  const { round, statusOf, lifecycleOf, notesOf } = lifecycleProbe(current);
  let world: UseCaseWorld;
  beforeEach(() => {
    world = current();
  });

  it('alerts the thread and the approvers at once with Defender’s reason, and tries again only hourly', async () => {
    const refusal = defenderRefused();
    world.indicators.failNext('submitAllow', refusal);
    const r = await approvedRequest(world.deps);

    expect(await statusOf(r.id)).toBe('approved');
    expect(notesOf(r.id)).toEqual([{ kind: 'activation_refused', error: refusal.userMessage, retryInMs: REFUSED_RETRY_MS }]);
    expect(refusal.userMessage).toContain('the tenant has reached the limit of 15000 active indicators');
    expect(world.notifier.requesterKinds(r.id)).toEqual(['approved_not_active']);
    expect(await lifecycleOf(r.id)).toMatchObject({
      activationAlertedAt: r.decidedAt,
      nextActivationAt: new Date(r.decidedAt.getTime() + REFUSED_RETRY_MS),
    });

    // No exponential retries against a refusal, and no second alert an hour later.
    world.clock.advance(REFUSED_RETRY_MS - 1000);
    await round();
    expect(world.indicators.submissions).toHaveLength(1);
    // Someone frees indicators in the tenant; the next hourly attempt goes through.
    world.clock.advance(1000);
    await round();
    expect(await statusOf(r.id)).toBe('active');
    expect(world.indicators.submissions).toHaveLength(2);
    expect(notesOf(r.id).map((n) => n.kind)).toEqual(['activation_refused', 'allow_active']);
  });

  it('an outage first is backed off quietly; the refusal that follows alerts at once', async () => {
    world.indicators.failNext('submitAllow', defenderDown());
    const r = await approvedRequest(world.deps);
    expect(notesOf(r.id).map((n) => n.kind)).toEqual(['activation_failed']);
    expect((await lifecycleOf(r.id)).activationAlertedAt).toBeNull();

    world.indicators.failNext('submitAllow', defenderRefused());
    world.clock.set((await lifecycleOf(r.id)).nextActivationAt!);
    await round();

    expect(notesOf(r.id).map((n) => n.kind)).toEqual(['activation_failed', 'activation_refused']);
    expect(world.notifier.requesterKinds(r.id)).toEqual(['approved_not_active']);
    // The hourly "still failing" alert does not repeat what was just said.
    world.clock.advance(HOUR + 1000);
    await round();
    expect(notesOf(r.id).map((n) => n.kind)).not.toContain('activation_failing');
  });
});
