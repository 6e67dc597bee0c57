import { beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import { revokeAllow } from '../../src/app/revoke-allow.ts';
import { REFUSED_RETRY_MS } from '../../src/domain/lifecycle/retry-backoff.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';
import { ALICE, APPROVER, DAY, HOST, MINUTE, approvedRequest, lifecycleProbe, type ApprovedRequest } from '../builders/lifecycle-requests.ts';

/** Defender refusing a delete for a missing permission: 403, which retrying cannot fix. */
const deleteForbidden = () =>
  new ExternalServiceError({ service: 'defender', failure: 'forbidden', status: 403, userMessage: 'Defender refused the request (HTTP 403)', vendorMessage: 'Missing application roles: Ti.ReadWrite' });

describe.each(databaseTargets())('every indicator Unblock wrote for a request goes with it ($name)', (target) => {
  const current = useWorld(target, { approvers: [APPROVER] });
  const { round, defenderHolds, notesOf, statusOf } = lifecycleProbe(current);
  let world: UseCaseWorld;
  beforeEach(() => {
    world = current();
  });

  /**
   * An Allowed indicator Unblock wrote for `r` but never recorded. Defender keeps one Allowed
   * indicator per value and type (a POST updates it), so such a stray exists only once the recorded
   * one is gone: Defender removed it, then a write whose answer was lost created a new one.
   */
  const unrecordedFor = (r: ApprovedRequest, expiresAt: Date) => {
    for (const held of defenderHolds()) world.indicators.indicators.delete(held.id);
    return world.indicators.seed({
      type: 'DomainName',
      value: HOST,
      action: 'Allowed',
      expiresAt,
      title: `Unblock #${r.number}: temporary allow for ${HOST}`,
      description: `Time-boxed allow created by Unblock for request #${r.number} (${r.id}).`,
    });
  };

  it('at the end, an unrecorded indicator written for the request is deleted with the recorded one, and the thread says so', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    const stray = unrecordedFor(r, new Date(r.allowUntil.getTime() + 30 * DAY));

    world.clock.set(new Date(r.allowUntil.getTime() + 16 * MINUTE));
    await round();

    expect(await statusOf(r.id)).toBe('expired');
    expect(defenderHolds()).toEqual([]);
    expect(notesOf(r.id).at(-1)).toEqual({ kind: 'expired', how: 'removed_by_defender', alsoRemoved: [stray.id] });
  });

  it('a revoke deletes an unrecorded indicator written for the request too', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    const stray = unrecordedFor(r, new Date(r.allowUntil.getTime() + 30 * DAY));

    const result = await revokeAllow(world.deps, { requestId: r.id, actorId: ALICE, clickedMessage: r.message });

    expect(result.ok).toBe(true);
    expect(defenderHolds()).toEqual([]);
    expect(world.indicators.removals).toContain(stray.id);
  });

  it('the drift check reports an unrecorded indicator written for the request', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    const stray = unrecordedFor(r, new Date(r.allowUntil.getTime() + 30 * DAY));
    await round();
    const recorded = await world.db.prisma.allowIndicator.findUniqueOrThrow({ where: { requestId: r.id } });
    expect(notesOf(r.id).at(-1)).toEqual({
      kind: 'drift',
      drift: [
        { kind: 'indicator_deleted', id: recorded.defenderId },
        { kind: 'untracked_own_indicator', id: stray.id, expiresAt: stray.expiresAt!.toISOString() },
      ],
    });
  });

  it('another installation\'s allow for the host (its own request #1) is reused as someone else\'s and never deleted', async () => {
    const theirs = world.indicators.seed({
      type: 'DomainName',
      value: HOST,
      action: 'Allowed',
      expiresAt: new Date(world.clock.now().getTime() + 30 * DAY),
      title: `Unblock #1: temporary allow for ${HOST}`,
      description: 'Time-boxed allow created by Unblock for request #1 (22222222-2222-4222-8222-222222222222).',
    });
    const r = await approvedRequest(world.deps, { durationValue: 'PT8H' });
    expect(r.number).toBe(1);

    expect(await world.db.prisma.allowIndicator.findUniqueOrThrow({ where: { requestId: r.id } })).toMatchObject({ defenderId: theirs.id, reusedExisting: true });
    world.clock.set(new Date(r.allowUntil.getTime() + 16 * MINUTE));
    await round();
    expect(notesOf(r.id).at(-1)).toEqual({ kind: 'expired', how: 'kept_not_ours' });
    expect(defenderHolds()).toEqual([theirs]);
  });

  it('an admin\'s Allowed indicator that ends before the window is never rewritten: the allow rides on it', async () => {
    const theirs = world.indicators.seed({ type: 'DomainName', value: HOST, action: 'Allowed', expiresAt: new Date(world.clock.now().getTime() + DAY), title: 'SAP gateway allow, CHG-1234 (SOC)', description: 'by hand' });
    const r = await approvedRequest(world.deps, { durationValue: 'P7D' });

    expect(world.indicators.submissions).toEqual([]);
    expect(defenderHolds()).toEqual([theirs]);
    expect(await world.db.prisma.allowIndicator.findUniqueOrThrow({ where: { requestId: r.id } })).toMatchObject({ defenderId: theirs.id, reusedExisting: true, expiresAt: theirs.expiresAt });
    expect(notesOf(r.id)).toEqual([{ kind: 'allow_active', others: [] }]);
  });

  it("riding on an admin's allow that ends first, the allow ends when theirs does: expired then, never reported as drift", async () => {
    const theirsEnd = new Date(world.clock.now().getTime() + DAY);
    const theirs = world.indicators.seed({ type: 'DomainName', value: HOST, action: 'Allowed', expiresAt: theirsEnd, title: 'SAP gateway allow, CHG-1234 (SOC)', description: 'by hand' });
    const r = await approvedRequest(world.deps, { durationValue: 'P7D' });

    // Defender removes their indicator at its expiry; the approved seven days are not what anyone holds.
    world.clock.set(new Date(theirsEnd.getTime() + 16 * MINUTE));
    world.indicators.indicators.delete(theirs.id);
    await round();

    expect(await statusOf(r.id)).toBe('expired');
    expect(notesOf(r.id).map((n) => n.kind)).not.toContain('drift');
    expect(world.indicators.removals).toEqual([]);
  });

  it('an indicator someone turned into a Block is theirs: revoke leaves it and says so', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    const ours = defenderHolds()[0]!;
    world.indicators.indicators.set(ours.id, { ...ours, action: 'Block', expiresAt: null });

    expect((await revokeAllow(world.deps, { requestId: r.id, actorId: ALICE, clickedMessage: r.message })).ok).toBe(true);

    expect(defenderHolds()).toEqual([{ ...ours, action: 'Block', expiresAt: null }]);
    expect(world.indicators.removals).toEqual([]);
    expect(notesOf(r.id).at(-1)).toEqual({ kind: 'revoked', actorId: ALICE, removed: [], keptChanged: [ours.id] });
  });

  it('an indicator someone turned into a Block is theirs: the allow ends at its time and the Block stays', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    const ours = defenderHolds()[0]!;
    world.indicators.indicators.set(ours.id, { ...ours, action: 'Block', expiresAt: null });

    world.clock.set(new Date(r.allowUntil.getTime() + 16 * MINUTE));
    await round();

    expect(await statusOf(r.id)).toBe('expired');
    expect(notesOf(r.id).at(-1)).toEqual({ kind: 'expired', how: 'kept_changed' });
    expect(defenderHolds()).toHaveLength(1);
    expect(world.indicators.removals).toEqual([]);
  });

  it('a delete Defender refuses at the end alerts the thread and approvers once, and is retried hourly until it goes through', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    const ours = defenderHolds()[0]!;
    world.clock.set(new Date(r.allowUntil.getTime() + 16 * MINUTE));
    world.indicators.failNext('remove', deleteForbidden());

    expect(await round()).toMatchObject({ failed: 1 });
    expect(await statusOf(r.id)).toBe('active');
    expect(notesOf(r.id).at(-1)).toEqual({ kind: 'removal_refused', defenderId: ours.id, error: deleteForbidden().userMessage });
    const lifecycle = await world.db.prisma.lifecycle.findUniqueOrThrow({ where: { requestId: r.id } });
    expect(lifecycle.nextDueAt).toEqual(new Date(world.clock.now().getTime() + REFUSED_RETRY_MS));

    world.indicators.failNext('remove', deleteForbidden());
    world.clock.advance(REFUSED_RETRY_MS);
    expect(await round()).toMatchObject({ failed: 1 });
    expect(notesOf(r.id).filter((n) => n.kind === 'removal_refused')).toHaveLength(1);

    world.clock.advance(REFUSED_RETRY_MS);
    await round();
    expect(await statusOf(r.id)).toBe('expired');
    expect(defenderHolds()).toEqual([]);
  });
});
