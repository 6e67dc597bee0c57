import { beforeEach, describe, expect, it } from 'vitest';
import { extendAllow } from '../../src/app/extend-allow.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';
import { APPROVER, DAY, HOUR, MINUTE, approvedRequest, defenderDown, lifecycleProbe } from '../builders/lifecycle-requests.ts';

/** Defender keeps expirationTime to the whole second (shared/reference/defender-api.md §8). */
const wholeSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

describe.each(databaseTargets())('Defender keeps whole seconds: decisions survive the round trip ($name)', (target) => {
  const current = useWorld(target, { approvers: [APPROVER] });
  const { round, statusOf, allowRow, actionsOf, notesOf, defenderHolds } = lifecycleProbe(current);
  let world: UseCaseWorld;
  beforeEach(() => {
    world = current();
  });

  const at = (date: Date, offsetMs = 0) => world.clock.set(new Date(date.getTime() + offsetMs));

  it('sends and records whole seconds: the approved end is rounded down, never up', async () => {
    expect(world.clock.now().getMilliseconds()).toBe(773);
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });

    expect(r.allowUntil).toEqual(wholeSecond(r.decidedAt.getTime() + DAY));
    expect(world.indicators.submissions.map((s) => s.expiresAt)).toEqual([r.allowUntil]);
    expect(await allowRow(r.id)).toMatchObject({ expiresAt: r.allowUntil });
  });

  it('an approved extension is recorded, announced and followed, even though Defender drops the milliseconds', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    world.clock.advance(2 * HOUR + 123);

    const result = await extendAllow(world.deps, { requestId: r.id, actorId: APPROVER, durationValue: 'P3D', clickedMessage: r.message });

    const newEnd = wholeSecond(world.clock.now().getTime() + 3 * DAY);
    expect(result.ok).toBe(true);
    expect(await world.db.prisma.extension.findFirstOrThrow()).toMatchObject({ actorId: APPROVER, duration: 'P3D', fromExpiry: r.allowUntil, toExpiry: newEnd });
    expect(await allowRow(r.id)).toMatchObject({ expiresAt: newEnd });
    expect(defenderHolds().map((i) => i.expiresAt)).toEqual([newEnd]);
    expect(notesOf(r.id).at(-1)).toEqual({ kind: 'extended', actorId: APPROVER });
    expect((await actionsOf(r.id)).at(-1)).toBe('allow.extended');

    // Past the old end (and its grace) the extended allow stays: nothing is deleted as "expired".
    at(r.allowUntil, 16 * MINUTE);
    await round();
    expect(await statusOf(r.id)).toBe('active');
    expect(defenderHolds()).toHaveLength(1);
    expect(world.indicators.removals).toEqual([]);

    // The reminder is re-armed for the new end.
    at(newEnd, -24 * HOUR - MINUTE);
    await round();
    expect(world.notifier.reminders.filter((m) => m.requestId === r.id)).toHaveLength(0);
    at(newEnd, -24 * HOUR);
    await round();
    expect(world.notifier.reminders.filter((m) => m.requestId === r.id)).toHaveLength(1);
  });

  it('records what Defender holds when its read-back differs from what was sent, and says so in the thread', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    world.clock.advance(HOUR);
    const theirEnd = new Date(r.allowUntil.getTime() + 2 * DAY);
    world.indicators.afterNextSubmit = (saved) => world.indicators.indicators.set(saved.id, { ...saved, expiresAt: theirEnd });

    const result = await extendAllow(world.deps, { requestId: r.id, actorId: APPROVER, durationValue: 'P3D', clickedMessage: r.message });

    const newEnd = wholeSecond(world.clock.now().getTime() + 3 * DAY);
    expect(result.ok).toBe(true);
    expect(await world.db.prisma.extension.findFirstOrThrow()).toMatchObject({ toExpiry: newEnd });
    expect(await allowRow(r.id)).toMatchObject({ expiresAt: theirEnd });
    expect(notesOf(r.id).at(-1)).toEqual({ kind: 'extended', actorId: APPROVER });
    const [extended] = await world.db.prisma.auditEntry.findMany({ where: { requestId: r.id, action: 'allow.extended' } });
    expect(extended!.details).toMatchObject({ to: newEnd.toISOString(), defenderExpiresAt: theirEnd.toISOString() });
  });

  it('keeps an extension Defender accepted even when reading it back fails', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    world.clock.advance(HOUR);
    world.indicators.afterNextSubmit = () => world.indicators.failNext('findByValue', defenderDown());

    const result = await extendAllow(world.deps, { requestId: r.id, actorId: APPROVER, durationValue: 'P3D', clickedMessage: r.message });

    const newEnd = wholeSecond(world.clock.now().getTime() + 3 * DAY);
    expect(result.ok).toBe(true);
    expect(await world.db.prisma.extension.findFirstOrThrow()).toMatchObject({ toExpiry: newEnd });
    expect(await allowRow(r.id)).toMatchObject({ expiresAt: newEnd });
    expect(notesOf(r.id).at(-1)).toMatchObject({ kind: 'extended' });
  });

  it('at the end, an expiry in Defender later than the recorded end is reported as drift before the allow is ended', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    // An extension reached Defender but was never recorded (a crash between the two), or someone moved the expiry in the portal.
    const ours = defenderHolds()[0]!;
    const later = new Date(r.allowUntil.getTime() + 2 * DAY);
    world.indicators.indicators.set(ours.id, { ...ours, expiresAt: later });

    at(r.allowUntil);
    await round();

    expect(await statusOf(r.id)).toBe('expired');
    expect(defenderHolds()).toEqual([]);
    expect(notesOf(r.id).slice(-2)).toEqual([
      {
        kind: 'drift',
        drift: [{ kind: 'expiry_changed', id: ours.id, expected: r.allowUntil.toISOString(), actual: later.toISOString() }],
        endingAllow: true,
      },
      { kind: 'expired', how: 'deleted_later_expiry' },
    ]);
    expect((await actionsOf(r.id)).slice(-2)).toEqual(['allow.drift_detected', 'allow.expired']);
  });

  it('at the end, an expiry that differs only by Defender\'s dropped milliseconds is not drift', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    const ours = defenderHolds()[0]!;
    world.indicators.indicators.set(ours.id, { ...ours, expiresAt: new Date(r.allowUntil.getTime() + 999) });

    at(r.allowUntil);
    await round();
    expect(await statusOf(r.id)).toBe('active');
    at(r.allowUntil, 15 * MINUTE);
    await round();

    expect(notesOf(r.id).at(-1)).toEqual({ kind: 'expired', how: 'deleted_after_grace' });
    expect(await actionsOf(r.id)).not.toContain('allow.drift_detected');
  });
});
