import { beforeEach, describe, expect, it } from 'vitest';
import { RETRY_DUE_WORK_MS } from '../../src/app/reconcile.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '../../src/domain/lifecycle/lifecycle-policy.ts';
import { DUE_AT_ONCE } from '../../src/domain/lifecycle/next-due-at.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';
import { APPROVER, DAY, HOUR, MINUTE, approvedRequest, defenderDown, lifecycleProbe, type ApprovedRequest } from '../builders/lifecycle-requests.ts';

/**
 * Drift is checked weekly here, and an allow checked by hunting only two days after activation (after
 * its one-day window: never), so only the reminders (an hour before each one-day allow ends) fall due.
 */
const POLICY = { ...DEFAULT_LIFECYCLE_POLICY, driftIntervalMs: 7 * DAY, verifyAfterMs: 2 * DAY, verifyAgainAfterMs: 3 * DAY };

describe.each(databaseTargets())('the reconciler sweeps by due time ($name)', (target) => {
  const current = useWorld(target, { approvers: [APPROVER] });
  const probe = lifecycleProbe(current);
  const { lifecycleOf } = probe;
  let world: UseCaseWorld;
  beforeEach(() => {
    world = current();
  });

  const round = (batchSize: number) => probe.round({ policy: POLICY, batchSize });
  const remindedIds = () => world.notifier.reminders.map((r) => r.requestId);

  /** One-day allows for distinct hosts, approved a minute apart, then planned (their first drift check done). */
  async function allows(count: number, prefix: string): Promise<ApprovedRequest[]> {
    const made: ApprovedRequest[] = [];
    for (let i = 0; i < count; i++) {
      made.push(await approvedRequest(world.deps, { host: `${prefix}${i}.contoso.com`, durationValue: 'P1D' }));
      world.clock.advance(MINUTE);
    }
    while ((await round(50)).scanned > 0);
    return made;
  }

  it('plans each allow for its next due time once its first work is done', async () => {
    const [r] = await allows(1, 'plan');
    expect((await lifecycleOf(r!.id)).nextDueAt).toEqual(new Date(r!.allowUntil.getTime() - HOUR));
  });

  it('handles due requests in due order over rounds when the batch is smaller than the due work', async () => {
    const five = await allows(5, 'due');
    world.clock.set(new Date(five[4]!.allowUntil.getTime() - 30 * MINUTE));

    expect(await round(2)).toMatchObject({ scanned: 2, executed: 2, failed: 0 });
    expect(remindedIds()).toEqual(five.slice(0, 2).map((r) => r.id));
    expect(await round(2)).toMatchObject({ scanned: 2, executed: 2 });
    expect(await round(2)).toMatchObject({ scanned: 1, executed: 1 });
    expect(await round(2)).toMatchObject({ scanned: 0, executed: 0 });
    expect(remindedIds()).toEqual(five.map((r) => r.id));
  });

  it('reaches the newest allows however many older ones sit idle', async () => {
    const idle = await allows(5, 'idle');
    // Older allows, idle for days: their reminders are far off.
    world.clock.advance(20 * HOUR);
    const newer = await allows(2, 'new');
    for (const r of idle) expect((await lifecycleOf(r.id)).nextDueAt!.getTime()).toBeGreaterThan(world.clock.now().getTime());

    // The newest two are due (a Defender drift check asked for now); the five idle ones are not.
    for (const r of newer) await world.db.prisma.lifecycle.update({ where: { requestId: r.id }, data: { driftCheckedAt: null, nextDueAt: DUE_AT_ONCE } });
    expect(await round(2)).toMatchObject({ scanned: 2, executed: 2 });
    for (const r of newer) expect((await lifecycleOf(r.id)).driftCheckedAt).toEqual(world.clock.now());
  });

  it('a write that changes what is due makes the request due now; a plan computed before it is not stored', async () => {
    const [r] = await allows(1, 'replan');
    const before = await lifecycleOf(r!.id);
    // A plan computed from an older read must not overwrite what changed since.
    await world.deps.store.updateLifecycle(r!.id, { driftCheckedAt: null });
    expect(await world.deps.store.planNextDue(r!.id, before.planVersion, new Date(r!.allowUntil.getTime() - HOUR))).toBe(false);
    expect((await lifecycleOf(r!.id)).nextDueAt).toEqual(DUE_AT_ONCE);
    expect(await round(10)).toMatchObject({ scanned: 1, executed: 1 });
  });

  it('a request whose work keeps failing waits a minute behind the others instead of holding the head of the queue', async () => {
    const [failing, other] = await allows(2, 'fail');
    world.clock.set(new Date(other!.allowUntil.getTime() - 30 * MINUTE));
    // The first request owes a drift check (its reminder was sent), and Defender fails it; the other owes its reminder.
    world.indicators.failNext('findByValue', defenderDown());
    await world.db.prisma.lifecycle.update({ where: { requestId: failing!.id }, data: { driftCheckedAt: null, reminderSentFor: failing!.allowUntil, nextDueAt: DUE_AT_ONCE } });

    expect(await round(1)).toMatchObject({ scanned: 1, failed: 1 });
    expect((await lifecycleOf(failing!.id)).nextDueAt).toEqual(new Date(world.clock.now().getTime() + RETRY_DUE_WORK_MS));
    expect(await round(1)).toMatchObject({ scanned: 1, executed: 1, failed: 0 });
    expect(remindedIds()).toContain(other!.id);
  });

  it('closed requests are never due again', async () => {
    const [r] = await allows(1, 'closed');
    world.clock.set(new Date(r!.allowUntil.getTime() + 16 * MINUTE));
    await round(10);
    expect((await world.db.prisma.unblockRequest.findUniqueOrThrow({ where: { id: r!.id } })).status).toBe('expired');
    expect((await lifecycleOf(r!.id)).nextDueAt).toBeNull();
    expect(await round(10)).toMatchObject({ scanned: 0 });
  });
});
