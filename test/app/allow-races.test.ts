import { beforeEach, describe, expect, it } from 'vitest';
import { decideRequest } from '../../src/app/decide-request.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import { extendAllow } from '../../src/app/extend-allow.ts';
import { revokeAllow } from '../../src/app/revoke-allow.ts';
import type { Submission } from '../port-fakes/fake-indicator-gateway.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';
import { ALICE, APPROVER, APPROVER_2, DAY, HOST, HOUR, MINUTE, approvedRequest, defenderDown, lifecycleProbe } from '../builders/lifecycle-requests.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe.each(databaseTargets())('changes to one allow never interleave ($name)', (target) => {
  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });
  const { defenderHolds, lifecycleOf, round, statusOf } = lifecycleProbe(current);
  let world: UseCaseWorld;
  beforeEach(() => {
    world = current();
  });

  /** Holds every submission at Defender's door until released: a slow Defender. */
  function slowSubmissions() {
    const gateway = world.indicators;
    const submit = gateway.submitAllow.bind(gateway);
    const waiting: Array<() => void> = [];
    gateway.submitAllow = async (input: Submission) => {
      await new Promise<void>((resolve) => waiting.push(resolve));
      return submit(input);
    };
    return {
      arrived: async () => {
        while (waiting.length === 0) await tick();
      },
      release: () => {
        gateway.submitAllow = submit;
        waiting.splice(0).forEach((go) => go());
      },
    };
  }

  it('an approval holds the request from its decision: a reconcile round and a revoke clicked while its activation is at Defender wait for it, and nothing is left behind', async () => {
    const report = parseReport(`${HOST} the shipping app fails`);
    if (!report.ok) throw new Error(report.error.code);
    const opened = await reportBlockedPortal(world.deps, { userId: ALICE, report: report.value });
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    const { id, approvalMessage } = opened.view.request;
    const gateway = world.indicators;
    const lookUp = gateway.findByValue.bind(gateway);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived = 0;
    gateway.findByValue = async (value: string) => {
      arrived++;
      await released;
      return lookUp(value);
    };

    const approving = decideRequest(world.deps, { requestId: id, deciderId: APPROVER, decision: 'approve', durationValue: 'P1D', clickedMessage: approvalMessage! });
    while (arrived === 0) await tick();
    expect((await lifecycleOf(id)).leaseOwner).toBe(`decision:${id}`);
    await round();
    expect(arrived).toBe(1);
    const revoking = revokeAllow(world.deps, { requestId: id, actorId: ALICE, clickedMessage: approvalMessage! });
    await tick();
    gateway.findByValue = lookUp;
    release();

    expect((await approving).ok).toBe(true);
    expect((await revoking).ok).toBe(true);
    expect(await statusOf(id)).toBe('revoked');
    expect(gateway.submissions).toHaveLength(1);
    expect(defenderHolds()).toEqual([]);
    expect((await lifecycleOf(id)).leaseOwner).toBeNull();
  });

  it('a revoke clicked while an extension is on its way to Defender waits for it, then removes the allow: nothing is left behind', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    world.clock.advance(HOUR);
    const slow = slowSubmissions();
    const extending = extendAllow(world.deps, { requestId: r.id, actorId: APPROVER, durationValue: 'P30D', clickedMessage: r.message });
    await slow.arrived();
    const revoking = revokeAllow(world.deps, { requestId: r.id, actorId: ALICE, clickedMessage: r.message });
    await tick();
    slow.release();

    expect((await extending).ok).toBe(true);
    expect((await revoking).ok).toBe(true);
    expect(await statusOf(r.id)).toBe('revoked');
    expect(defenderHolds()).toEqual([]);
  });

  it('two approvers extending at once are served one after the other: what Defender holds is what was recorded last', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    world.clock.advance(HOUR);
    const slow = slowSubmissions();
    const first = extendAllow(world.deps, { requestId: r.id, actorId: APPROVER, durationValue: 'P3D', clickedMessage: r.message });
    await slow.arrived();
    const second = extendAllow(world.deps, { requestId: r.id, actorId: APPROVER_2, durationValue: 'P30D', clickedMessage: r.message });
    await tick();
    slow.release();

    expect((await first).ok).toBe(true);
    expect((await second).ok).toBe(true);
    const recorded = await world.db.prisma.extension.findMany({ orderBy: { id: 'asc' } });
    expect(recorded.map((e) => e.actorId)).toEqual([APPROVER, APPROVER_2]);
    const row = await world.db.prisma.allowIndicator.findUniqueOrThrow({ where: { requestId: r.id } });
    expect(defenderHolds().map((i) => i.expiresAt)).toEqual([recorded[1]!.toExpiry]);
    expect(row.expiresAt).toEqual(recorded[1]!.toExpiry);
  });

  it('an extension clicked after the allow ended is refused: a new request starts it again', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    world.clock.set(new Date(r.allowUntil.getTime() + 5 * MINUTE));
    const result = await extendAllow(world.deps, { requestId: r.id, actorId: APPROVER, durationValue: 'P30D', clickedMessage: r.message });
    expect(result).toEqual({ ok: false, error: { code: 'not_active' } });
    expect(world.indicators.submissions).toHaveLength(1);
  });

  it('an extension Defender carried out although its answer was lost is recorded as done', async () => {
    const r = await approvedRequest(world.deps, { durationValue: 'P1D' });
    world.clock.advance(HOUR);
    world.indicators.loseNextResponse = defenderDown();

    const result = await extendAllow(world.deps, { requestId: r.id, actorId: APPROVER, durationValue: 'P3D', clickedMessage: r.message });

    const newEnd = new Date(Math.floor((world.clock.now().getTime() + 3 * DAY) / 1000) * 1000);
    expect(result.ok).toBe(true);
    expect(await world.db.prisma.extension.findFirstOrThrow()).toMatchObject({ toExpiry: newEnd });
    expect(defenderHolds().map((i) => i.expiresAt)).toEqual([newEnd]);
  });
});
