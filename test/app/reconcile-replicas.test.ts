import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconcileOnce, type ReconcileReport } from '../../src/app/reconcile.ts';
import { databaseTargets } from '../port-fakes/use-case-world.ts';
import { openReplicaWorld, type ReplicaWorld } from '../port-fakes/replica-world.ts';
import { APPROVER, MINUTE, approvedRequest, defenderDown, type ApprovedRequest } from '../builders/lifecycle-requests.ts';

const COUNT = 20;

describe.each(databaseTargets())('reconcileOnce on two replicas ($name)', (target) => {
  let world: ReplicaWorld;

  beforeEach(async () => {
    world = await openReplicaWorld(target, { approvers: [APPROVER] });
  });
  afterEach(async () => {
    await world?.close();
  });

  const bothReplicas = async (): Promise<ReconcileReport[]> => Promise.all(world.replicas.map((replica) => reconcileOnce(replica)));
  const sum = (reports: readonly ReconcileReport[], key: keyof ReconcileReport) => reports.reduce((total, r) => total + r[key], 0);
  /** How often each request got an audit entry `action`, for the requests given. */
  const auditCounts = async (action: string, requests: readonly ApprovedRequest[]) => {
    const rows = await world.db.prisma.auditEntry.findMany({ where: { action }, select: { requestId: true } });
    return requests.map((r) => rows.filter((row) => row.requestId === r.id).length);
  };

  // Sets up 40 requests through the use-cases; generous timeout for a loaded CI machine.
  it('carries out every due activation and reminder exactly once, however the replicas interleave', { timeout: 180_000 }, async () => {
    const { clock, notifier, indicators, deps, db } = world;
    // 20 allows running since a day ago, now 58 minutes from their end: each owes a reminder.
    const active: ApprovedRequest[] = [];
    for (let i = 0; i < COUNT; i += 1) active.push(await approvedRequest(deps, { host: `portal-${i}.contoso.com` }));
    clock.set(new Date(active[0]!.allowUntil.getTime() - 59 * MINUTE));
    // 20 approvals whose first activation failed, asked to retry in a minute.
    const failing: ApprovedRequest[] = [];
    for (let i = 0; i < COUNT; i += 1) {
      indicators.failNext('submitAllow', defenderDown(60));
      failing.push(await approvedRequest(deps, { host: `failing-${i}.contoso.com` }));
    }
    clock.advance(MINUTE);
    expect(await db.prisma.unblockRequest.count({ where: { status: 'approved' } })).toBe(COUNT);
    expect(await db.prisma.unblockRequest.count({ where: { status: 'active' } })).toBe(COUNT);
    const submittedBefore = indicators.submissions.length;

    const first = await bothReplicas();

    const retried = indicators.submissions.slice(submittedBefore).map((s) => s.target.value).sort();
    expect(retried).toEqual(failing.map((_, i) => `failing-${i}.contoso.com`).sort());
    expect(indicators.indicators.size).toBe(2 * COUNT);
    expect(await db.prisma.unblockRequest.count({ where: { status: 'active' } })).toBe(2 * COUNT);
    expect(notifier.reminders.map((r) => r.requestId).sort()).toEqual(active.map((r) => r.id).sort());
    expect(await auditCounts('allow.created', failing)).toEqual(failing.map(() => 1));
    expect(await auditCounts('reminder.sent', active)).toEqual(active.map(() => 1));
    // The first replica to list due work sees all of it; the other may list it only after a request
    // or two were done and planned for later (seen in CI under load: [40, 39]).
    expect(Math.max(...first.map((r) => r.scanned))).toBe(2 * COUNT);
    expect(Math.min(...first.map((r) => r.scanned))).toBeLessThanOrEqual(2 * COUNT);
    expect(sum(first, 'failed')).toBe(0);

    // Round two can only owe the first drift check of allows the first round activated: whichever
    // replica came second to such a request in round one already ran it.
    const second = await bothReplicas();
    const submitted = indicators.submissions.length;
    const notes = notifier.threadNotes.length;
    const third = await bothReplicas();

    // Per request: activation + drift check (failing ones); reminder + drift check + the check by
    // hunting since activation, due after 2 hours (active ones).
    expect(sum(first, 'executed') + sum(second, 'executed')).toBe(5 * COUNT);
    expect(sum(first, 'executed')).toBeGreaterThanOrEqual(4 * COUNT);
    expect(await auditCounts('allow.verified', active)).toEqual(active.map(() => 1));
    expect(await auditCounts('allow.verified', failing)).toEqual(failing.map(() => 0));
    expect(sum(third, 'executed')).toBe(0);
    expect(sum([...second, ...third], 'failed')).toBe(0);
    expect(indicators.submissions).toHaveLength(submitted);
    expect(indicators.submissions).toHaveLength(submittedBefore + COUNT);
    expect(notifier.reminders).toHaveLength(COUNT);
    expect(notifier.threadNotes).toHaveLength(notes);
    expect(await db.prisma.lifecycle.count({ where: { leaseOwner: { not: null } } })).toBe(0);
  });
});
