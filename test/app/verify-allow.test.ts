import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconcileOnce, RETRY_DUE_WORK_MS, type ReconcileReport } from '../../src/app/reconcile.ts';
import { revokeAllow } from '../../src/app/revoke-allow.ts';
import { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import { REFUSED_RETRY_MS } from '../../src/domain/lifecycle/retry-backoff.ts';
import type { VerifyResult } from '../../src/app/ports/notifier.ts';
import { ALICE, APPROVER, DAY, HOST, HOUR, MINUTE, approvedRequest, lifecycleProbe, type ApprovedRequest } from '../builders/lifecycle-requests.ts';
import { blockEvent } from '../builders/request-view-fixtures.ts';
import { openReplicaWorld, type ReplicaWorld } from '../port-fakes/replica-world.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

/** Graph answering 503 to the hunting query (defender-api.md §1: retryable). */
const huntingDown = () => new ExternalServiceError({ service: 'graph', failure: 'unavailable', status: 503, userMessage: 'Microsoft Graph could not be reached' });

/** A Network Protection block of HOST on `device`, `ms` after `from` (negative: before). */
const blockAt = (from: Date, ms: number, device: string) =>
  blockEvent({ timestamp: new Date(from.getTime() + ms), deviceId: `device-id-${device}`, deviceName: `${device}.corp.contoso.com` });

describe.each(databaseTargets())('did the allow work? the checks after activation ($name)', (target) => {
  let world: UseCaseWorld;
  const current = useWorld(target, { approvers: [APPROVER] });
  const probe = lifecycleProbe(current);
  beforeEach(() => {
    world = current();
  });

  /** A three-day allow activated at approval; the hunt that opened it found `before` (blocks before the allow). */
  async function activeAllow(): Promise<ApprovedRequest & { activatedAt: Date }> {
    world.evidence.setEvents(HOST, [blockAt(world.clock.now(), -HOUR, 'pc01'), blockAt(world.clock.now(), -2 * HOUR, 'pc02')]);
    const r = await approvedRequest(world.deps, { durationValue: 'P3D' });
    expect(await probe.statusOf(r.id)).toBe('active');
    return { ...r, activatedAt: (await probe.allowRow(r.id)).recordedAt };
  }
  const verified = (id: string): VerifyResult[] =>
    world.notifier.threadNotes.flatMap((n) => (n.requestId === id && n.note.kind === 'verified' ? [n.note.result] : []));
  const dmResults = (id: string): VerifyResult[] =>
    world.notifier.requesterNotes.flatMap((n) => (n.requestId === id && n.note.kind === 'verified' ? [n.note.result] : []));
  const verifyHunts = () => world.evidence.calls.filter((c) => c.since !== undefined);

  it('checks once, at VERIFY_AFTER (PT2H): no block events since the allow, so never again', async () => {
    const r = await activeAllow();
    world.clock.set(new Date(r.activatedAt.getTime() + 2 * HOUR - 1));
    await probe.round();
    expect(verifyHunts()).toEqual([]);

    world.clock.advance(1);
    await probe.round();
    // Only the blocks before the allow exist: the hunt since the activation finds none.
    // Its window reaches back past the activation: 2 hours, and one more for clock skew.
    expect(verifyHunts()).toEqual([{ target: { type: 'DomainName', value: HOST }, lookback: 'PT3H', since: r.activatedAt, background: true }]);
    const expected: VerifyResult = { since: r.activatedAt, sinceWhat: 'allow', checkedAt: world.clock.now(), blockedDevices: 0, outsideScopeDevices: 0, capped: false, nextCheckAt: null };
    expect(verified(r.id)).toEqual([expected]);
    expect(dmResults(r.id)).toEqual([expected]);
    expect(await probe.lifecycleOf(r.id)).toMatchObject({ verifyCount: 1, verifiedAt: world.clock.now(), verifyBlockedDevices: 0 });
    expect((await probe.actionsOf(r.id)).filter((a) => a === 'allow.verified')).toHaveLength(1);

    world.clock.advance(DAY);
    await probe.round();
    expect(verifyHunts()).toHaveLength(1);
    expect(verified(r.id)).toHaveLength(1);
  });

  it('an allow scoped to device groups counts only the devices it reaches; blocks outside its groups are counted apart, never as a failure', async () => {
    const inGroup = (from: Date, ms: number, device: string, deviceGroup: string) => ({ ...blockAt(from, ms, device), deviceGroup });
    world.evidence.setEvents(HOST, [inGroup(world.clock.now(), -HOUR, 'pc01', 'Sales')]);
    const r = await approvedRequest(world.deps, { durationValue: 'P3D' });
    const { recordedAt: a, rbacGroupNames } = await probe.allowRow(r.id);
    expect(rbacGroupNames).toEqual(['Sales']);
    // After the allow: a Sales laptop it had not reached yet, and a Finance one it was never given for.
    world.evidence.setEvents(HOST, [inGroup(a, 10 * MINUTE, 'pc05', 'Sales'), inGroup(a, 20 * MINUTE, 'pc06', 'Finance'), inGroup(a, 30 * MINUTE, 'pc07', 'Finance')]);

    world.clock.set(new Date(a.getTime() + 2 * HOUR));
    await probe.round();

    expect(verified(r.id)).toMatchObject([{ blockedDevices: 1, outsideScopeDevices: 2 }]);
  });

  it('still blocked at PT2H: checks again at P1D for blocks since the first check, counting devices (not events, not audits); that check is the last', async () => {
    const r = await activeAllow();
    const a = r.activatedAt;
    // Two devices blocked after the allow (it had not reached them yet), one of them twice; an audit is no block.
    world.evidence.setEvents(HOST, [
      blockAt(a, 10 * MINUTE, 'pc03'),
      blockAt(a, 40 * MINUTE, 'pc03'),
      blockAt(a, 70 * MINUTE, 'pc04'),
      blockEvent({ timestamp: new Date(a.getTime() + 80 * MINUTE), deviceId: 'device-id-pc05', kind: 'network_protection_audit' }),
      blockAt(a, -HOUR, 'pc01'),
    ]);
    world.clock.set(new Date(a.getTime() + 2 * HOUR));
    await probe.round();
    const first = world.clock.now();
    expect(verified(r.id)).toEqual([{ since: a, sinceWhat: 'allow', checkedAt: first, blockedDevices: 2, outsideScopeDevices: 0, capped: false, nextCheckAt: new Date(a.getTime() + DAY) }]);
    expect(await probe.lifecycleOf(r.id)).toMatchObject({ verifyCount: 1, verifyBlockedDevices: 2 });

    world.clock.set(new Date(a.getTime() + DAY - MINUTE));
    await probe.round();
    expect(verifyHunts()).toHaveLength(1);

    // One device is still blocked after the first check: the second check counts only that one.
    world.evidence.setEvents(HOST, [blockAt(a, 70 * MINUTE, 'pc04'), blockAt(a, 5 * HOUR, 'pc04'), blockAt(a, 6 * HOUR, 'pc04')]);
    world.clock.set(new Date(a.getTime() + DAY));
    await probe.round();
    expect(verifyHunts().map((c) => c.since)).toEqual([a, first]);
    expect(verified(r.id).at(-1)).toEqual({ since: first, sinceWhat: 'first_check', checkedAt: world.clock.now(), blockedDevices: 1, outsideScopeDevices: 0, capped: false, nextCheckAt: null });
    expect(await probe.lifecycleOf(r.id)).toMatchObject({ verifyCount: 2, verifyBlockedDevices: 1 });

    world.clock.advance(DAY);
    await probe.round();
    expect(verifyHunts()).toHaveLength(2);
    expect(dmResults(r.id)).toHaveLength(2);
  });

  it('still blocked at PT2H, propagated by P1D: the blocks before the first check are not counted again, so the second check is clean', async () => {
    const r = await activeAllow();
    const a = r.activatedAt;
    world.evidence.setEvents(HOST, [blockAt(a, 30 * MINUTE, 'pc03')]);
    world.clock.set(new Date(a.getTime() + 2 * HOUR));
    await probe.round();
    expect(verified(r.id).map((v) => v.blockedDevices)).toEqual([1]);

    world.clock.set(new Date(a.getTime() + DAY));
    await probe.round();
    expect(verified(r.id).map((v) => [v.sinceWhat, v.blockedDevices, v.nextCheckAt])).toEqual([
      ['allow', 1, new Date(a.getTime() + DAY)],
      ['first_check', 0, null],
    ]);
  });

  it('an allow revoked before PT2H is never checked', async () => {
    const r = await activeAllow();
    world.clock.set(new Date(r.activatedAt.getTime() + HOUR));
    const revoked = await revokeAllow(world.deps, { requestId: r.id, actorId: ALICE, clickedMessage: r.message });
    expect(revoked.ok).toBe(true);
    world.clock.set(new Date(r.activatedAt.getTime() + 3 * HOUR));
    await probe.round();
    world.clock.advance(DAY);
    await probe.round();
    expect(verifyHunts()).toEqual([]);
    expect(world.notifier.threadKinds(r.id)).not.toContain('verified');
  });

  it('hunting unavailable: nothing is reported or recorded, and the check is retried a minute later', async () => {
    const r = await activeAllow();
    world.evidence.failWith(huntingDown());
    world.clock.set(new Date(r.activatedAt.getTime() + 2 * HOUR));
    const failed = await probe.round();
    expect(failed.failed).toBe(0);
    expect(verifyHunts()).toHaveLength(1);
    expect(verified(r.id)).toEqual([]);
    expect(dmResults(r.id)).toEqual([]);
    const row = await probe.lifecycleOf(r.id);
    expect(row).toMatchObject({ verifyCount: 0, verifiedAt: null, nextDueAt: new Date(world.clock.now().getTime() + RETRY_DUE_WORK_MS) });

    world.evidence.failWith(null);
    world.clock.advance(RETRY_DUE_WORK_MS);
    await probe.round();
    expect(verifyHunts()).toHaveLength(2);
    expect(verified(r.id).map((v) => v.blockedDevices)).toEqual([0]);
  });

  it('hunting refused for good (403: a permission is missing) fails the round, reports nothing, and is tried again an hour later', async () => {
    const r = await activeAllow();
    world.evidence.failWith(new ExternalServiceError({ service: 'graph', failure: 'forbidden', status: 403, userMessage: 'Microsoft Graph refused the request (HTTP 403)' }));
    world.clock.set(new Date(r.activatedAt.getTime() + 2 * HOUR));
    expect((await probe.round()).failed).toBe(1);
    expect(verified(r.id)).toEqual([]);
    expect(await probe.lifecycleOf(r.id)).toMatchObject({ verifyCount: 0, nextDueAt: new Date(world.clock.now().getTime() + REFUSED_RETRY_MS) });
  });
});

describe.each(databaseTargets())('the check after activation on two replicas ($name)', (target) => {
  let world: ReplicaWorld;
  beforeEach(async () => {
    world = await openReplicaWorld(target, { approvers: [APPROVER] });
  });
  afterEach(async () => {
    await world?.close();
  });

  it('is made once, and posted once, however the replicas interleave', { timeout: 60_000 }, async () => {
    const requests: ApprovedRequest[] = [];
    for (let i = 0; i < 5; i += 1) requests.push(await approvedRequest(world.deps, { host: `portal-${i}.contoso.com`, durationValue: 'P3D' }));
    world.evidence.latencyMs = 5;
    world.clock.advance(2 * HOUR + MINUTE);
    const rounds: ReconcileReport[][] = [];
    for (let i = 0; i < 3; i += 1) rounds.push(await Promise.all(world.replicas.map((replica) => reconcileOnce(replica))));
    expect(rounds.flat().reduce((n, r) => n + r.failed, 0)).toBe(0);
    const hunts = world.evidence.calls.filter((c) => c.since !== undefined).map((c) => c.target.value).sort();
    expect(hunts).toEqual(requests.map((_, i) => `portal-${i}.contoso.com`).sort());
    for (const r of requests) {
      expect(world.notifier.threadKinds(r.id).filter((k) => k === 'verified')).toHaveLength(1);
      expect(world.notifier.requesterKinds(r.id).filter((k) => k === 'verified')).toHaveLength(1);
      const audits = await world.db.prisma.auditEntry.count({ where: { requestId: r.id, action: 'allow.verified' } });
      expect(audits).toBe(1);
    }
  });
});
