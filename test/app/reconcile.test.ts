import { beforeEach, describe, expect, it } from 'vitest';
import { extendAllow } from '../../src/app/extend-allow.ts';
import { reconcileOnce, type ReconcileDeps } from '../../src/app/reconcile.ts';
import { revokeAllow } from '../../src/app/revoke-allow.ts';
import { LEASE_MS } from '../../src/app/support/with-lease.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import type { ExistingIndicator } from '../../src/domain/indicator/existing-indicator.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';
import {
  ALICE,
  APPROVER,
  APPROVER_2,
  CAROL,
  DAY,
  HOST,
  HOUR,
  MINUTE,
  approvedRequest,
  defenderDown,
  reconcilerDeps,
  throttled,
  type ApprovedRequest,
} from '../builders/lifecycle-requests.ts';

describe.each(databaseTargets())('reconcileOnce ($name)', (target) => {
  let world: UseCaseWorld;
  let db: UseCaseWorld['db'];
  let clock: UseCaseWorld['clock'];
  let notifier: UseCaseWorld['notifier'];
  let indicators: UseCaseWorld['indicators'];
  let deps: UseCaseWorld['deps'];
  let reconciler: ReconcileDeps;

  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });
  beforeEach(() => {
    world = current();
    ({ db, clock, notifier, indicators, deps } = world);
    reconciler = reconcilerDeps(deps);
  });

  const round = () => reconcileOnce(reconciler);
  /** Sets the clock to `offsetMs` after (negative: before) `date`. */
  const at = (date: Date, offsetMs = 0) => clock.set(new Date(date.getTime() + offsetMs));
  const rowOf = (id: string) => db.prisma.unblockRequest.findUniqueOrThrow({ where: { id } });
  const statusOf = async (id: string) => (await rowOf(id)).status;
  const lifecycleOf = (id: string) => db.prisma.lifecycle.findUniqueOrThrow({ where: { requestId: id } });
  const allowRow = (id: string) => db.prisma.allowIndicator.findUnique({ where: { requestId: id } });
  const auditOf = (id: string) => db.prisma.auditEntry.findMany({ where: { requestId: id }, orderBy: { id: 'asc' } });
  const actionsOf = async (id: string) => (await auditOf(id)).map((a) => a.action);
  const notesOf = (id: string) => notifier.threadNotes.filter((n) => n.requestId === id).map((n) => n.note);
  const remindersOf = (id: string) => notifier.reminders.filter((r) => r.requestId === id);
  const settledOf = (id: string) => notifier.settledReminders.filter((s) => s.requestId === id).map((s) => s.outcome);
  const defenderHolds = () => [...indicators.indicators.values()];
  /** The one indicator Defender holds. */
  const onlyIndicator = (): ExistingIndicator => {
    const all = defenderHolds();
    expect(all).toHaveLength(1);
    return all[0]!;
  };
  const revoke = (r: ApprovedRequest, actorId = ALICE) => revokeAllow(deps, { requestId: r.id, actorId, clickedMessage: r.message });

  describe('activation retries', () => {
    it('does nothing before the backoff has passed, then activates', async () => {
      indicators.failNext('submitAllow', defenderDown(120));
      const r = await approvedRequest(deps);
      expect(await statusOf(r.id)).toBe('approved');
      expect((await lifecycleOf(r.id)).nextActivationAt).toEqual(new Date(r.decidedAt.getTime() + 120_000));

      clock.advance(119_000);
      expect(await round()).toEqual({ scanned: 1, executed: 0, skipped: 0, failed: 0 });
      expect(indicators.submissions).toHaveLength(1);
      expect(await statusOf(r.id)).toBe('approved');

      clock.advance(1000);
      expect(await round()).toEqual({ scanned: 1, executed: 1, skipped: 0, failed: 0 });
      expect(await statusOf(r.id)).toBe('active');
      const ours = onlyIndicator();
      expect(await allowRow(r.id)).toMatchObject({ defenderId: ours.id, expiresAt: r.allowUntil, reusedExisting: false });
      expect(await lifecycleOf(r.id)).toMatchObject({ nextActivationAt: null, activationFailingSince: null, lastActivationError: null });
      expect(notesOf(r.id).map((n) => n.kind)).toEqual(['activation_failed', 'allow_active']);
      expect(notifier.requesterKinds(r.id)).toEqual(['approved_not_active', 'allow_active']);
    });

    it('waits at least as long as a 429 Retry-After of 600 s asks', async () => {
      indicators.failNext('submitAllow', throttled(600));
      const r = await approvedRequest(deps);
      const first = (await lifecycleOf(r.id)).nextActivationAt!;
      expect(first.getTime() - r.decidedAt.getTime()).toBeGreaterThanOrEqual(600_000);

      // Attempt 2's own backoff would be a minute; Retry-After still wins.
      clock.set(first);
      indicators.failNext('submitAllow', throttled(600));
      await round();
      const second = (await lifecycleOf(r.id)).nextActivationAt!;
      expect(second.getTime() - first.getTime()).toBeGreaterThanOrEqual(600_000);
      expect((await auditOf(r.id)).at(-1)).toMatchObject({ action: 'allow.activation_failed', details: { attempt: 2, status: 429, retryInMs: 600_000 } });

      at(second, -1000);
      await round();
      expect(indicators.submissions).toHaveLength(2);
      expect(await statusOf(r.id)).toBe('approved');
    });

    it('alerts the thread once after an hour of failures, and abandons the request when the window ends', async () => {
      indicators.failNext('submitAllow', defenderDown());
      const r = await approvedRequest(deps, { durationValue: 'PT8H' });
      const failingSince = clock.now().getTime();
      const failingNotes = () => notesOf(r.id).filter((n) => n.kind === 'activation_failing');

      let rounds = 0;
      do {
        clock.set((await lifecycleOf(r.id)).nextActivationAt!);
        indicators.failNext('submitAllow', defenderDown());
        await round();
        rounds += 1;
        if (clock.now().getTime() - failingSince < HOUR) expect(failingNotes()).toEqual([]);
      } while (clock.now().getTime() - failingSince < HOUR);
      expect(rounds).toBeGreaterThan(3);
      const { activationAttempts } = await lifecycleOf(r.id);
      expect(failingNotes()).toEqual([{ kind: 'activation_failing', attempts: activationAttempts, error: 'Defender is unavailable' }]);

      for (let i = 0; i < 3; i += 1) {
        clock.set((await lifecycleOf(r.id)).nextActivationAt!);
        indicators.failNext('submitAllow', defenderDown());
        await round();
      }
      expect(failingNotes()).toHaveLength(1);
      expect((await actionsOf(r.id)).filter((a) => a === 'allow.activation_alerted')).toHaveLength(1);
      expect(await statusOf(r.id)).toBe('approved');

      // Defender answers again, but the approved window is over: the allow must not start any more.
      const submitted = indicators.submissions.length;
      at(r.allowUntil);
      expect(await round()).toMatchObject({ executed: 1, failed: 0 });
      expect(await rowOf(r.id)).toMatchObject({ status: 'failed', openKey: null });
      expect(notesOf(r.id).at(-1)).toEqual({ kind: 'activation_abandoned' });
      expect(notifier.requesterKinds(r.id).at(-1)).toBe('activation_abandoned');
      expect((await auditOf(r.id)).at(-1)).toMatchObject({ action: 'allow.activation_abandoned', fromStatus: 'approved', toStatus: 'failed' });

      for (const later of [MINUTE, HOUR, DAY]) {
        at(r.allowUntil, later);
        expect(await round()).toEqual({ scanned: 0, executed: 0, skipped: 0, failed: 0 });
      }
      expect(indicators.submissions).toHaveLength(submitted);
      expect(defenderHolds()).toEqual([]);
      expect(await allowRow(r.id)).toBeNull();
    });

    it('recognises its own indicator after a lost response, once the crashed worker\'s lease has lapsed', async () => {
      indicators.loseNextResponse = defenderDown();
      const r = await approvedRequest(deps);
      expect(await statusOf(r.id)).toBe('approved');
      const created = onlyIndicator();

      // The worker crashed holding the lease: nobody may take the request over until it lapses.
      const crashedAt = clock.now();
      expect(await deps.store.claimLease(r.id, 'crashed-replica', crashedAt, new Date(crashedAt.getTime() + LEASE_MS))).toBe(true);
      clock.set((await lifecycleOf(r.id)).nextActivationAt!);
      expect(await round()).toMatchObject({ executed: 0, skipped: 1 });
      expect(await statusOf(r.id)).toBe('approved');

      at(crashedAt, LEASE_MS + 1000);
      expect(await round()).toMatchObject({ executed: 1, skipped: 0, failed: 0 });
      expect(await statusOf(r.id)).toBe('active');
      expect(onlyIndicator().id).toBe(created.id);
      expect(indicators.submissions).toHaveLength(1);
      expect(await allowRow(r.id)).toMatchObject({ defenderId: created.id, expiresAt: r.allowUntil, reusedExisting: false });
      expect((await actionsOf(r.id)).at(-1)).toBe('allow.created');
    });
  });

  describe('reminders', () => {
    it('reminds about a one-day allow once, an hour before it ends', async () => {
      const r = await approvedRequest(deps, { durationValue: 'P1D' });

      at(r.allowUntil, -61 * MINUTE);
      await round();
      expect(remindersOf(r.id)).toEqual([]);
      at(r.allowUntil, -59 * MINUTE);
      await round();
      expect(remindersOf(r.id)).toHaveLength(1);
      at(r.allowUntil, -30 * MINUTE);
      await round();
      expect(remindersOf(r.id)).toHaveLength(1);

      const [reminder] = remindersOf(r.id);
      expect(await lifecycleOf(r.id)).toMatchObject({
        reminderSentFor: r.allowUntil,
        reminderChannelId: reminder!.ref.channelId,
        reminderMessageTs: reminder!.ref.ts,
      });
      expect((await actionsOf(r.id)).filter((a) => a === 'reminder.sent')).toHaveLength(1);
    });

    it('reminds about a three-day allow 24 hours before it ends', async () => {
      const r = await approvedRequest(deps, { durationValue: 'P3D' });

      at(r.allowUntil, -DAY - 1000);
      await round();
      expect(remindersOf(r.id)).toEqual([]);
      at(r.allowUntil, -DAY);
      await round();
      expect(remindersOf(r.id)).toHaveLength(1);
      at(r.allowUntil, -HOUR);
      await round();
      expect(remindersOf(r.id)).toHaveLength(1);
    });

    it('re-arms after an extension: the old reminder is settled and a new one comes an hour before the new end', async () => {
      const r = await approvedRequest(deps, { durationValue: 'P1D' });
      at(r.allowUntil, -59 * MINUTE);
      await round();
      const [first] = remindersOf(r.id);

      const extended = await extendAllow(deps, { requestId: r.id, actorId: APPROVER, durationValue: 'P1D', clickedMessage: first!.ref });
      expect(extended.ok).toBe(true);
      const newEnd = new Date(clock.now().getTime() + DAY);
      expect(settledOf(r.id)).toEqual([{ kind: 'extended', actorId: APPROVER }]);
      expect(onlyIndicator().expiresAt).toEqual(newEnd);
      expect(await allowRow(r.id)).toMatchObject({ expiresAt: newEnd });

      // The old end passes without expiring anything.
      at(r.allowUntil, 20 * MINUTE);
      await round();
      expect(await statusOf(r.id)).toBe('active');
      expect(indicators.removals).toEqual([]);

      at(newEnd, -61 * MINUTE);
      await round();
      expect(remindersOf(r.id)).toHaveLength(1);
      at(newEnd, -59 * MINUTE);
      await round();
      expect(remindersOf(r.id)).toHaveLength(2);
      at(newEnd, -MINUTE);
      await round();
      expect(remindersOf(r.id)).toHaveLength(2);
      expect(await lifecycleOf(r.id)).toMatchObject({ reminderSentFor: newEnd, reminderMessageTs: remindersOf(r.id)[1]!.ref.ts });
    });

    it('never reminds about a revoked allow', async () => {
      const r = await approvedRequest(deps, { durationValue: 'P1D' });
      at(r.allowUntil, -3 * HOUR);
      expect((await revoke(r)).ok).toBe(true);

      for (const offset of [-59 * MINUTE, -30 * MINUTE, 0, 15 * MINUTE, HOUR]) {
        at(r.allowUntil, offset);
        await round();
      }
      expect(remindersOf(r.id)).toEqual([]);
      expect(settledOf(r.id)).toEqual([]);
      expect(await statusOf(r.id)).toBe('revoked');
      expect(defenderHolds()).toEqual([]);
    });

    it('settles the reminder when the allow is revoked', async () => {
      const r = await approvedRequest(deps, { durationValue: 'P1D' });
      at(r.allowUntil, -59 * MINUTE);
      await round();
      expect((await revoke(r, APPROVER)).ok).toBe(true);

      expect(settledOf(r.id)).toEqual([{ kind: 'revoked', actorId: APPROVER }]);
      expect(notesOf(r.id).at(-1)).toEqual({ kind: 'revoked', actorId: APPROVER, removed: [expect.any(String)] });
      expect(defenderHolds()).toEqual([]);
    });

    it('settles the reminder when the allow expires', async () => {
      const r = await approvedRequest(deps, { durationValue: 'P1D' });
      at(r.allowUntil, -59 * MINUTE);
      await round();
      at(r.allowUntil);
      indicators.indicators.delete(onlyIndicator().id);
      await round();

      expect(await statusOf(r.id)).toBe('expired');
      expect(settledOf(r.id)).toEqual([{ kind: 'expired' }]);
    });
  });

  describe('expiry', () => {
    it('confirms an allow Defender removed at its expiry', async () => {
      const r = await approvedRequest(deps);
      const ours = onlyIndicator();
      at(r.allowUntil);
      indicators.indicators.delete(ours.id);

      expect(await round()).toMatchObject({ executed: 1, failed: 0 });
      expect(await rowOf(r.id)).toMatchObject({ status: 'expired', openKey: null, closedBy: 'system:reconciler' });
      expect(notesOf(r.id).at(-1)).toEqual({ kind: 'expired', how: 'removed_by_defender' });
      expect(notifier.requesterKinds(r.id).at(-1)).toBe('expired');
      expect((await auditOf(r.id)).at(-1)).toMatchObject({
        action: 'allow.expired', fromStatus: 'active', toStatus: 'expired', details: { how: 'removed_by_defender', defenderId: ours.id },
      });
      expect(indicators.removals).toEqual([]);
    });

    it('gives Defender 15 minutes, then deletes the indicator itself', async () => {
      const r = await approvedRequest(deps);
      const ours = onlyIndicator();

      at(r.allowUntil);
      await round();
      at(r.allowUntil, 15 * MINUTE - 1000);
      await round();
      expect(await statusOf(r.id)).toBe('active');
      expect(indicators.removals).toEqual([]);

      at(r.allowUntil, 15 * MINUTE);
      await round();
      expect(indicators.removals).toEqual([ours.id]);
      expect(defenderHolds()).toEqual([]);
      expect(await statusOf(r.id)).toBe('expired');
      expect(notesOf(r.id).at(-1)).toEqual({ kind: 'expired', how: 'deleted_after_grace' });
      expect(notifier.requesterKinds(r.id).at(-1)).toBe('expired');
    });

    it('never removes a pre-existing indicator it reused', async () => {
      const theirs = indicators.seed({ type: 'DomainName', value: HOST, action: 'Allowed', expiresAt: null, title: 'Proxy team allow' });
      const r = await approvedRequest(deps);
      expect(await allowRow(r.id)).toMatchObject({ defenderId: theirs.id, reusedExisting: true });

      at(r.allowUntil);
      await round();
      expect(await statusOf(r.id)).toBe('expired');
      expect(notesOf(r.id).at(-1)).toEqual({ kind: 'expired', how: 'kept_not_ours' });

      at(r.allowUntil, HOUR);
      await round();
      expect(indicators.removals).toEqual([]);
      expect(defenderHolds()).toEqual([theirs]);
    });
  });

  describe('drift', () => {
    const driftNotes = (id: string) => notesOf(id).filter((n) => n.kind === 'drift');
    const driftAudits = async (id: string) => (await auditOf(id)).filter((a) => a.action === 'allow.drift_detected');

    it('reports a device-group scope someone changed on our indicator in Defender', async () => {
      const r = await approvedRequest(deps);
      const ours = onlyIndicator();
      await round();
      expect(driftNotes(r.id)).toEqual([]);

      // Approved for every device ([]); someone limits it to one device group in the portal.
      indicators.indicators.set(ours.id, { ...ours, rbacGroupNames: ['Sales'] });
      clock.advance(HOUR);
      await round();
      expect(driftNotes(r.id)).toEqual([{ kind: 'drift', drift: [{ kind: 'scope_changed', id: ours.id, expected: [], actual: ['Sales'] }] }]);
    });

    it('reports a changed action once, and an early deletion as new drift', async () => {
      const r = await approvedRequest(deps);
      const ours = onlyIndicator();
      await round();
      expect(driftNotes(r.id)).toEqual([]);

      indicators.indicators.set(ours.id, { ...ours, action: 'Block' });
      clock.advance(HOUR);
      await round();
      const changed = [{ kind: 'action_changed', id: ours.id, action: 'Block' }];
      expect(driftNotes(r.id)).toEqual([{ kind: 'drift', drift: changed }]);
      expect(await driftAudits(r.id)).toEqual([expect.objectContaining({ actor: 'system:reconciler', details: { drift: changed } })]);

      clock.advance(HOUR);
      await round();
      expect(driftNotes(r.id)).toHaveLength(1);
      expect(await driftAudits(r.id)).toHaveLength(1);

      indicators.indicators.delete(ours.id);
      clock.advance(HOUR);
      await round();
      expect(driftNotes(r.id)).toEqual([
        { kind: 'drift', drift: changed },
        { kind: 'drift', drift: [{ kind: 'indicator_deleted', id: ours.id }] },
      ]);
      expect(await driftAudits(r.id)).toHaveLength(2);
      expect(await statusOf(r.id)).toBe('active');
    });

    it('reports a Block indicator added on the same value', async () => {
      const r = await approvedRequest(deps);
      await round();
      const block = indicators.seed({ type: 'DomainName', value: HOST, action: 'Block', expiresAt: null });

      clock.advance(HOUR);
      await round();
      expect(driftNotes(r.id)).toEqual([{ kind: 'drift', drift: [{ kind: 'conflicting_indicator', id: block.id, action: 'Block', type: 'DomainName' }] }]);
      // Defender is reported on, not "fixed".
      expect(indicators.removals).toEqual([]);
    });

    it('compares with Defender at most hourly', async () => {
      await approvedRequest(deps);
      await round();
      const checked = indicators.lookups.length;

      clock.advance(30 * MINUTE);
      expect(await round()).toMatchObject({ executed: 0 });
      expect(indicators.lookups).toHaveLength(checked);

      clock.advance(30 * MINUTE);
      expect(await round()).toMatchObject({ executed: 1 });
      expect(indicators.lookups).toHaveLength(checked + 1);
    });
  });

  describe('revoke during activation', () => {
    it('closes a request whose activation keeps failing: nothing is activated afterwards', async () => {
      indicators.failNext('submitAllow', defenderDown());
      const r = await approvedRequest(deps);
      const revoked = await revoke(r);
      expect(revoked.ok && revoked.value.request.status).toBe('revoked');

      clock.advance(HOUR);
      expect(await round()).toEqual({ scanned: 0, executed: 0, skipped: 0, failed: 0 });
      expect(defenderHolds()).toEqual([]);
      expect(indicators.submissions).toHaveLength(1);
      expect(await allowRow(r.id)).toBeNull();
      expect(notesOf(r.id).at(-1)).toEqual({ kind: 'revoked', actorId: ALICE, removed: [] });
    });

    it('leaves no allow in Defender when the revoked request\'s failed attempt had in fact created one (lost response)', async () => {
      indicators.loseNextResponse = defenderDown();
      const r = await approvedRequest(deps);
      expect(defenderHolds()).toHaveLength(1);
      expect((await revoke(r)).ok).toBe(true);

      clock.advance(HOUR);
      await round();
      // The revoked allow must not keep working in Defender until its expiry.
      expect(defenderHolds()).toEqual([]);
    });

    // Revokes take the request's lease now, so they wait for an activation; a replica still running
    // the previous release during a rolling update does not, and closes the request underneath it.
    it('removes the indicator an activation created when a revoke that took no lease won the race to the database', async () => {
      indicators.failNext('submitAllow', defenderDown());
      const r = await approvedRequest(deps);
      const racing = new RevokeBeforeActivating(db, async () => {
        const view = (await deps.store.view(r.id))!;
        const moved = await deps.store.transition({
          id: r.id,
          from: { status: view.request.status, version: view.request.version },
          to: 'revoked',
          record: { event: 'revoked' },
          audit: { actor: { kind: 'slack', userId: ALICE }, at: clock.now(), action: 'allow.revoked' },
        });
        return { ok: moved !== null };
      });
      clock.set((await lifecycleOf(r.id)).nextActivationAt!);

      expect(await reconcileOnce(reconcilerDeps(deps, 'replica-a', racing))).toMatchObject({ executed: 1, failed: 0 });

      expect(racing.revoked).toMatchObject({ ok: true });
      expect(await statusOf(r.id)).toBe('revoked');
      expect(indicators.submissions).toHaveLength(2);
      // The activation, finding its request closed, removes what it just created.
      expect(new Set(indicators.removals).size).toBe(1);
      expect(defenderHolds()).toEqual([]);
      expect(await allowRow(r.id)).toBeNull();
      expect((await auditOf(r.id)).at(-1)).toMatchObject({
        action: 'allow.removed_after_race', details: { defenderId: indicators.removals[0], status: 'revoked' },
      });
      expect(notesOf(r.id).map((n) => n.kind)).not.toContain('allow_active');
    });
  });

  describe('extend', () => {
    const refusals = [
      { code: 'self_extension_forbidden', requesterId: APPROVER_2, actorId: APPROVER_2, approved: 'P1D', extendTo: 'P3D', defenderFails: false },
      { code: 'not_an_approver', requesterId: ALICE, actorId: CAROL, approved: 'P1D', extendTo: 'P3D', defenderFails: false },
      { code: 'not_longer', requesterId: ALICE, actorId: APPROVER, approved: 'P3D', extendTo: 'P1D', defenderFails: false },
      { code: 'defender_failed', requesterId: ALICE, actorId: APPROVER, approved: 'P1D', extendTo: 'P3D', defenderFails: true },
    ];
    it.each(refusals)('refuses with $code and records nothing', async ({ code, requesterId, actorId, approved, extendTo, defenderFails }) => {
      const r = await approvedRequest(deps, { requesterId, durationValue: approved });
      clock.advance(HOUR);
      const audit = await actionsOf(r.id);
      const notes = notifier.threadNotes.length;
      if (defenderFails) indicators.failNext('submitAllow', defenderDown());

      const result = await extendAllow(deps, { requestId: r.id, actorId, durationValue: extendTo, clickedMessage: r.message });

      expect(result).toEqual({ ok: false, error: defenderFails ? { code, message: 'Defender is unavailable', retryable: true } : { code } });
      expect(await db.prisma.extension.count()).toBe(0);
      expect(await allowRow(r.id)).toMatchObject({ expiresAt: r.allowUntil });
      expect(onlyIndicator().expiresAt).toEqual(r.allowUntil);
      expect(await actionsOf(r.id)).toEqual(audit);
      expect(notifier.threadNotes).toHaveLength(notes);
      expect(await statusOf(r.id)).toBe('active');
    });

    it('leaves a reused indicator that already outlasts the new end as it is', async () => {
      const theirs = indicators.seed({ type: 'DomainName', value: HOST, action: 'Allowed', expiresAt: new Date(clock.now().getTime() + 60 * DAY), title: 'Proxy team allow' });
      const r = await approvedRequest(deps, { durationValue: 'P1D' });
      expect(await allowRow(r.id)).toMatchObject({ defenderId: theirs.id, reusedExisting: true });

      const result = await extendAllow(deps, { requestId: r.id, actorId: APPROVER, durationValue: 'P3D', clickedMessage: r.message });

      expect(result.ok).toBe(true);
      // Someone else's 60-day allow must not be cut down to this request's 3 days (nor renamed as ours).
      expect(defenderHolds()).toEqual([theirs]);
    });
  });
});

/**
 * Runs `interfere` (a revoke) just before the activation records its indicator, so the activation's
 * compare-and-set finds the request already changed.
 */
class RevokeBeforeActivating extends PrismaRequestStore {
  revoked: unknown = undefined;
  private interfere: (() => Promise<unknown>) | null;

  constructor(db: Database, interfere: () => Promise<unknown>) {
    super(db.prisma);
    this.interfere = interfere;
  }

  override async transition(input: Parameters<PrismaRequestStore['transition']>[0]) {
    if (input.record.event === 'indicator_active' && this.interfere) {
      const interfere = this.interfere;
      this.interfere = null;
      this.revoked = await interfere();
    }
    return super.transition(input);
  }
}
