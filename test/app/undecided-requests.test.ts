import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideRequest } from '../../src/app/decide-request.ts';
import type { RequestStore } from '../../src/app/ports/request-store.ts';
import { reconcileOnce, type ReconcileReport } from '../../src/app/reconcile.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { ESCALATION_CLAIM_MS } from '../../src/app/lifecycle/escalate-pending.ts';
import { DEFAULT_PENDING_POLICY } from '../../src/domain/request/pending-due.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import type { UnblockRequest } from '../../src/domain/request/request.ts';
import { addJoined } from '../builders/audit-details.ts';
import { ALICE, APPROVER, APPROVER_2, CAROL, DAY, HOST, MINUTE, reconcilerDeps } from '../builders/lifecycle-requests.ts';
import { blockEvent } from '../builders/request-view-fixtures.ts';
import { openReplicaWorld, type ReplicaWorld } from '../port-fakes/replica-world.ts';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

const TTL = DEFAULT_PENDING_POLICY.pendingTtlMs;

async function report(world: UseCaseWorld, host = HOST, userId = ALICE): Promise<UnblockRequest> {
  const parsed = parseReport(`${host} the shipping app fails`);
  if (!parsed.ok) throw new Error(`test input refused: ${parsed.error.code}`);
  const outcome = await reportBlockedPortal(world.deps, { userId, report: parsed.value });
  if (outcome.kind !== 'opened') throw new Error(`not opened: ${outcome.kind}`);
  return outcome.view.request;
}

const auditActions = async (world: UseCaseWorld, requestId: string) =>
  (await world.db.prisma.auditEntry.findMany({ where: { requestId }, orderBy: { id: 'asc' } })).map((a) => a.action);

/** The store with `before` run just before its compare-and-set into `status`: another writer coming in between. */
function interleaving(store: RequestStore, status: UnblockRequest['status'], before: () => Promise<unknown>): RequestStore {
  let done = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'transition') {
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (input: Parameters<RequestStore['transition']>[0]) => {
        if (input.to === status && !done) {
          done = true;
          await before();
        }
        return target.transition(input);
      };
    },
  });
}

describe.each(databaseTargets())('a request nobody decides ($name)', (target) => {
  let world: UseCaseWorld;
  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });
  beforeEach(() => {
    world = current();
  });
  const round = () => reconcileOnce(reconcilerDeps(world.deps));
  const rowOf = (id: string) => world.db.prisma.unblockRequest.findUniqueOrThrow({ where: { id } });

  it('reminds the approvers once, 30 minutes after the report, saying when it closes', async () => {
    const request = await report(world);
    world.clock.advance(30 * MINUTE - 1);
    await round();
    expect(world.notifier.threadKinds(request.id)).toEqual([]);

    world.clock.advance(1);
    expect((await round()).executed).toBe(1);
    expect(world.notifier.threadNotes.filter((n) => n.requestId === request.id).map((n) => n.note)).toEqual([
      { kind: 'escalated', required: 1, closesAt: new Date(request.createdAt.getTime() + TTL) },
    ]);
    expect(await rowOf(request.id)).toMatchObject({ status: 'pending_approval', escalatedAt: world.clock.now(), escalationClaimUntil: null });
    expect((await auditActions(world, request.id)).filter((a) => a === 'request.escalated')).toHaveLength(1);

    world.clock.advance(DAY);
    expect((await round()).executed).toBe(0);
    expect(world.notifier.threadKinds(request.id)).toEqual(['escalated']);
    expect(world.notifier.requesterKinds(request.id)).toEqual([]);
  });

  it('with one approval of two, the reminder says one more is needed', async () => {
    world.evidence.setEvents(HOST, [blockEvent({ category: 'Phishing' })]);
    const request = await report(world);
    const first = await decideRequest(world.deps, { requestId: request.id, deciderId: APPROVER, decision: 'approve', durationValue: 'P1D', clickedMessage: request.approvalMessage! });
    expect(first.ok && first.value.request.status).toBe('pending_approval');

    world.clock.advance(31 * MINUTE);
    await round();
    const escalation = world.notifier.threadNotes.find((n) => n.requestId === request.id && n.note.kind === 'escalated');
    expect(escalation?.note).toMatchObject({ kind: 'escalated', required: 2 });
    expect(await world.db.prisma.approval.count({ where: { requestId: request.id } })).toBe(1);
    expect((await rowOf(request.id)).status).toBe('pending_approval');
  });

  it('closes as expired after 3 days, tells the thread and every reporter, and frees the host', async () => {
    const request = await report(world);
    await addJoined(world.deps.store, request.id, { userId: CAROL, reason: 'me too', reportedAt: world.clock.now() });
    world.clock.advance(TTL - 1);
    await round();
    expect((await rowOf(request.id)).status).toBe('pending_approval');

    world.clock.advance(1);
    await round();
    expect(await rowOf(request.id)).toMatchObject({ status: 'expired', openKey: null, closedAt: world.clock.now(), closedBy: 'system:reconciler', escalatedAt: expect.any(Date) });
    expect(await world.db.prisma.decision.count()).toBe(0);
    expect(world.notifier.refreshed.at(-1)!.request.status).toBe('expired');
    expect(world.notifier.threadKinds(request.id)).toEqual(['escalated', 'expired_undecided']);
    const told = world.notifier.requesterNotes.filter((n) => n.requestId === request.id);
    expect(told.map((n) => n.note)).toEqual([{ kind: 'expired_undecided', ttlMs: TTL }]);
    // The notifier DMs every reporter of the view it is given.
    expect(world.notifier.refreshed.at(-1)!.reporters.map((r) => r.userId).sort()).toEqual([ALICE, CAROL].sort());
    expect(await world.db.prisma.auditEntry.findFirst({ where: { requestId: request.id, action: 'request.expired_undecided' } })).toMatchObject({
      actor: 'system:reconciler',
      fromStatus: 'pending_approval',
      toStatus: 'expired',
    });

    world.clock.advance(DAY);
    expect((await round()).executed).toBe(0);
    const again = await report(world);
    expect(again.id).not.toBe(request.id);
    expect(again.status).toBe('pending_approval');
  });

  it('a bot down past the TTL closes the request without a late reminder first', async () => {
    const request = await report(world);
    world.clock.advance(TTL + 5 * MINUTE);
    await round();
    expect(world.notifier.threadKinds(request.id)).toEqual(['expired_undecided']);
    expect((await rowOf(request.id)).status).toBe('expired');
  });

  it('a replica that crashed holding the escalation claim leaves it to the next round after the claim lapses', async () => {
    const request = await report(world);
    world.clock.advance(31 * MINUTE);
    // Another replica claimed the escalation and died before queueing it.
    expect(await world.deps.store.claimEscalation(request.id, world.clock.now(), new Date(world.clock.now().getTime() + ESCALATION_CLAIM_MS))).toBe(true);
    await round();
    expect(world.notifier.threadKinds(request.id)).toEqual([]);

    world.clock.advance(ESCALATION_CLAIM_MS + 1);
    await round();
    expect(world.notifier.threadKinds(request.id)).toEqual(['escalated']);
  });

  it('the cutoffs are instants: a report stamped with a +05:30 offset by another client escalates 30 minutes after that instant', async () => {
    const request = await report(world);
    await world.db.prisma.$executeRawUnsafe(`UPDATE "UnblockRequest" SET "createdAt" = '2026-12-02 02:00:05.773+05:30' WHERE id = '${request.id}'`);
    world.clock.set(new Date('2026-12-01T21:00:05.772Z'));
    await round();
    expect(world.notifier.threadKinds(request.id)).toEqual([]);
    world.clock.set(new Date('2026-12-01T21:00:05.773Z'));
    await round();
    expect(world.notifier.threadKinds(request.id)).toEqual(['escalated']);
  });

  describe('a decision clicked as the request expires: exactly one of them wins', () => {
    const approve = (request: UnblockRequest, deps = world.deps) =>
      decideRequest(deps, { requestId: request.id, deciderId: APPROVER, decision: 'approve', durationValue: 'P1D', clickedMessage: request.approvalMessage! });
    /** The use-cases judging a click at `at` (ms after the report), while the reconciler runs on the world's clock. */
    const clickedAt = (request: UnblockRequest, at: number, store = world.deps.store) => ({
      ...world.deps,
      store,
      clock: new FakeClock(new Date(request.createdAt.getTime() + at)),
    });

    it('an approval clicked just before the TTL commits between the expiry reading the request and its compare-and-set: the approval stands', async () => {
      const request = await report(world);
      world.clock.advance(TTL);
      let decided: Awaited<ReturnType<typeof approve>> | undefined;
      const store = interleaving(world.deps.store, 'expired', async () => {
        decided = await approve(request, clickedAt(request, TTL - 1));
      });
      await reconcileOnce({ ...reconcilerDeps(world.deps), store });

      expect(decided?.ok).toBe(true);
      expect((await rowOf(request.id)).status).toBe('active');
      expect(world.indicators.submissions).toHaveLength(1);
      expect(await auditActions(world, request.id)).not.toContain('request.expired_undecided');
      expect(world.notifier.threadKinds(request.id)).not.toContain('expired_undecided');
      expect(world.notifier.requesterKinds(request.id)).toEqual(['allow_active']);
    });

    it('the expiry commits between the click reading the request and its compare-and-set: the click is refused and nothing is allowed', async () => {
      const request = await report(world);
      world.clock.advance(TTL);
      let report_: ReconcileReport | undefined;
      const store = interleaving(world.deps.store, 'approved', async () => {
        report_ = await reconcileOnce(reconcilerDeps(world.deps));
      });
      const decided = await approve(request, clickedAt(request, TTL - 1, store));

      expect(report_?.executed).toBe(1);
      expect(decided.ok).toBe(false);
      expect(!decided.ok && decided.error.code).toBe('already_decided');
      expect((await rowOf(request.id)).status).toBe('expired');
      expect(await world.db.prisma.decision.count()).toBe(0);
      expect(await world.db.prisma.approval.count()).toBe(0);
      expect(world.indicators.submissions).toEqual([]);
      expect(world.notifier.requesterKinds(request.id)).toEqual(['expired_undecided']);
    });

    it('a first approval of two clicked just before the TTL keeps the request open until the next round closes it', async () => {
      world.evidence.setEvents(HOST, [blockEvent({ category: 'Phishing' })]);
      const request = await report(world);
      world.clock.advance(TTL);
      const store = interleaving(world.deps.store, 'expired', () => approve(request, clickedAt(request, TTL - 1)));
      await reconcileOnce({ ...reconcilerDeps(world.deps), store });
      expect((await rowOf(request.id)).status).toBe('pending_approval');
      expect(await world.db.prisma.approval.count()).toBe(1);

      await round();
      expect((await rowOf(request.id)).status).toBe('expired');
      expect(world.notifier.threadKinds(request.id).filter((k) => k === 'expired_undecided')).toHaveLength(1);
    });

    it.each([0, 1])('an Approve clicked at the TTL + %i ms, before the reconciler ran, is refused and allows nothing', async (late) => {
      const request = await report(world);
      world.clock.advance(TTL + late);
      const auditBefore = await world.db.prisma.auditEntry.count();

      const decided = await approve(request);

      expect(decided).toEqual({ ok: false, error: { code: 'pending_closed', closesAt: new Date(request.createdAt.getTime() + TTL), number: request.number } });
      expect(await rowOf(request.id)).toMatchObject({ status: 'pending_approval', version: request.version });
      expect(await world.db.prisma.approval.count()).toBe(0);
      expect(await world.db.prisma.decision.count()).toBe(0);
      expect(await world.db.prisma.auditEntry.count()).toBe(auditBefore);
      expect(world.indicators.submissions).toEqual([]);
      // The reconciler then closes it as usual.
      await round();
      expect((await rowOf(request.id)).status).toBe('expired');
    });

    it('an Approve clicked at the TTL + 1 ms racing the reconciler never approves, whichever commits first', async () => {
      const request = await report(world);
      world.clock.advance(TTL + 1);
      let decided: Awaited<ReturnType<typeof approve>> | undefined;
      const store = interleaving(world.deps.store, 'expired', async () => {
        decided = await approve(request);
      });
      await reconcileOnce({ ...reconcilerDeps(world.deps), store });

      expect(!decided?.ok && decided?.error.code).toBe('pending_closed');
      expect((await rowOf(request.id)).status).toBe('expired');
      expect(await world.db.prisma.approval.count()).toBe(0);
      expect(world.indicators.submissions).toEqual([]);
    });

    it('a Deny clicked past the TTL is still taken: it only narrows, and says who closed it', async () => {
      const request = await report(world);
      world.clock.advance(TTL + 1);
      const denied = await decideRequest(world.deps, { requestId: request.id, deciderId: APPROVER, decision: 'deny', durationValue: undefined, clickedMessage: request.approvalMessage! });
      expect(denied.ok && denied.value.request.status).toBe('denied');
      expect(world.indicators.submissions).toEqual([]);
      await round();
      expect((await rowOf(request.id)).status).toBe('denied');
    });
  });
});

describe.each(databaseTargets())('undecided requests on two replicas ($name)', (target) => {
  let world: ReplicaWorld;
  beforeEach(async () => {
    world = await openReplicaWorld(target, { approvers: [APPROVER] });
  });
  afterEach(async () => {
    await world?.close();
  });
  const bothReplicas = async () => Promise.all(world.replicas.map((replica) => reconcileOnce(replica)));
  const countOf = async (action: string) => world.db.prisma.auditEntry.count({ where: { action } });

  it('escalate each request once and close each once, however the rounds interleave', { timeout: 120_000 }, async () => {
    const COUNT = 8;
    const requests: UnblockRequest[] = [];
    for (let i = 0; i < COUNT; i += 1) requests.push(await report(world, `portal-${i}.contoso.com`));

    world.clock.advance(31 * MINUTE);
    const first = await bothReplicas();
    await bothReplicas();
    expect(first.reduce((n, r) => n + r.executed, 0)).toBe(COUNT);
    expect(world.notifier.threadNotes.filter((n) => n.note.kind === 'escalated').map((n) => n.requestId).sort()).toEqual(requests.map((r) => r.id).sort());
    expect(await countOf('request.escalated')).toBe(COUNT);

    world.clock.advance(TTL);
    await bothReplicas();
    await bothReplicas();
    expect(world.notifier.threadNotes.filter((n) => n.note.kind === 'expired_undecided')).toHaveLength(COUNT);
    expect(world.notifier.requesterNotes).toHaveLength(COUNT);
    expect(await countOf('request.expired_undecided')).toBe(COUNT);
    expect(await world.db.prisma.unblockRequest.count({ where: { status: 'expired', openKey: null } })).toBe(COUNT);
  });
});
