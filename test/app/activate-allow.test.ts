import { beforeEach, describe, expect, it } from 'vitest';
import { activateAllow } from '../../src/app/lifecycle/activate-allow.ts';
import { decideRequest } from '../../src/app/decide-request.ts';
import { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

const ALICE = 'U0ALICE';
const APPROVER = 'U0APPROVER';
const HOST = 'logistics.contoso.com';
const DAY = 86_400_000;
const defenderDown = () => new ExternalServiceError({ service: 'defender', failure: 'unavailable', status: 503, userMessage: 'Defender is unavailable' });


describe.each(databaseTargets())('activateAllow ($name)', (target) => {
  let world: UseCaseWorld;
  let db: UseCaseWorld['db'];
  let clock: UseCaseWorld['clock'];
  let notifier: UseCaseWorld['notifier'];
  let indicators: UseCaseWorld['indicators'];
  let deps: UseCaseWorld['deps'];

  const current = useWorld(target, { approvers: [APPROVER] });
  beforeEach(() => {
    world = current();
    ({ db, clock, notifier, indicators, deps } = world);
  });

  /** Reports HOST and approves it for `durationValue`; returns the request id and its allowUntil. */
  async function approve(durationValue = 'P1D') {
    const report = parseReport(HOST);
    if (!report.ok) throw new Error('bad report');
    const opened = await reportBlockedPortal(deps, { userId: ALICE, report: report.value });
    if (opened.kind !== 'opened') throw new Error(`not opened: ${opened.kind}`);
    const { request } = opened.view;
    const decided = await decideRequest(deps, { requestId: request.id, deciderId: APPROVER, decision: 'approve', durationValue, clickedMessage: request.approvalMessage! });
    if (!decided.ok) throw new Error(`not decided: ${decided.error.code}`);
    return { id: request.id, allowUntil: decided.value.decision!.allowUntil! };
  }
  const inDays = (days: number) => new Date(clock.now().getTime() + days * DAY);
  const statusOf = async (id: string) => (await db.prisma.unblockRequest.findUniqueOrThrow({ where: { id } })).status;
  const allowRow = (requestId: string) => db.prisma.allowIndicator.findUnique({ where: { requestId } });
  const auditOf = (requestId: string) =>
    db.prisma.auditEntry.findMany({ where: { requestId }, orderBy: { id: 'asc' }, select: { actor: true, action: true, fromStatus: true, toStatus: true, details: true } });

  it('reuses an Allowed indicator that already lasts longer, submitting nothing', async () => {
    const existing = indicators.seed({ type: 'DomainName', value: HOST, action: 'Allowed', expiresAt: inDays(60) });
    const { id } = await approve('P7D');

    expect(indicators.submissions).toEqual([]);
    expect(await statusOf(id)).toBe('active');
    expect(await allowRow(id)).toMatchObject({ defenderId: existing.id, expiresAt: existing.expiresAt, reusedExisting: true });
    expect((await auditOf(id)).at(-1)).toMatchObject({ actor: 'system:activation', action: 'allow.reused', fromStatus: 'approved', toStatus: 'active' });
    expect(notifier.requesterKinds(id)).toEqual(['allow_active']);
  });

  it('rides on someone else\'s Allowed indicator that ends before the approved window, never rewriting it', async () => {
    const short = indicators.seed({ type: 'DomainName', value: HOST, action: 'Allowed', expiresAt: inDays(0.5) });
    const block = indicators.seed({ type: 'DomainName', value: HOST, action: 'Block', expiresAt: null });
    const { id } = await approve('P3D');

    // Defender would update theirs in place (same value, type and action): Unblock submits nothing.
    expect(indicators.submissions).toEqual([]);
    expect(indicators.indicators.get(short.id)).toEqual(short);
    expect(await allowRow(id)).toMatchObject({ defenderId: short.id, expiresAt: short.expiresAt, reusedExisting: true });
    expect(await statusOf(id)).toBe('active');
    expect(notifier.threadNotes.filter((n) => n.requestId === id).map((n) => n.note)).toEqual([{ kind: 'allow_active', others: [block] }]);
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: 'allow.reused', details: { others: [block.id] } });
  });

  it.each(['findByValue', 'submitAllow'] as const)('stays approved and says so when Defender fails (%s)', async (operation) => {
    indicators.failNext(operation, defenderDown());
    const { id } = await approve();

    expect(await statusOf(id)).toBe('approved');
    expect(await allowRow(id)).toBeNull();
    expect((await auditOf(id)).at(-1)).toEqual({
      actor: 'system:activation',
      action: 'allow.activation_failed',
      fromStatus: null,
      toStatus: null,
      details: { attempt: 1, service: 'defender', failure: 'unavailable', status: 503, retryable: true, message: 'Defender is unavailable', retryInMs: expect.any(Number) },
    });
    expect(notifier.threadNotes.filter((n) => n.requestId === id).map((n) => n.note)).toEqual([{ kind: 'activation_failed', error: 'Defender is unavailable' }]);
    expect(notifier.requesterKinds(id)).toEqual(['approved_not_active']);
  });

  it('activates on a later attempt once Defender answers again', async () => {
    indicators.failNext('submitAllow', defenderDown());
    const { id, allowUntil } = await approve();
    clock.advance(10 * 60_000);

    const view = await activateAllow(deps, id);

    expect(view.request.status).toBe('active');
    expect(await statusOf(id)).toBe('active');
    expect(await allowRow(id)).toMatchObject({ expiresAt: allowUntil, reusedExisting: false, recordedAt: clock.now() });
    expect(indicators.submissions.map((s) => s.expiresAt)).toEqual([allowUntil, allowUntil]);
    expect((await auditOf(id)).map((a) => a.action).slice(-2)).toEqual(['allow.activation_failed', 'allow.created']);
    expect(notifier.requesterKinds(id)).toEqual(['approved_not_active', 'allow_active']);
  });

  it('does nothing for a request that is already active', async () => {
    const { id } = await approve();
    const before = { audit: await auditOf(id), row: await db.prisma.unblockRequest.findUniqueOrThrow({ where: { id } }) };
    const calls = { lookups: indicators.lookups.length, notes: notifier.threadNotes.length + notifier.requesterNotes.length };

    const view = await activateAllow(deps, id);

    expect(view.request.status).toBe('active');
    expect({ audit: await auditOf(id), row: await db.prisma.unblockRequest.findUniqueOrThrow({ where: { id } }) }).toEqual(before);
    expect(indicators.lookups.length).toBe(calls.lookups);
    expect(indicators.submissions).toHaveLength(1);
    expect(notifier.threadNotes.length + notifier.requesterNotes.length).toBe(calls.notes);
  });
});
