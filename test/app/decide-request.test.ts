import { beforeEach, describe, expect, it } from 'vitest';
import { decideRequest, type DecideInput } from '../../src/app/decide-request.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import type { UnblockRequest } from '../../src/domain/request/request.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

const ALICE = 'U0ALICE';
const CAROL = 'U0CAROL';
const APPROVER = 'U0APPROVER';
const APPROVER_2 = 'U0APPROVER2';
const HOST = 'logistics.contoso.com';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;


describe.each(databaseTargets())('decideRequest ($name)', (target) => {
  let world: UseCaseWorld;
  let db: UseCaseWorld['db'];
  let clock: UseCaseWorld['clock'];
  let notifier: UseCaseWorld['notifier'];
  let indicators: UseCaseWorld['indicators'];
  let deps: UseCaseWorld['deps'];

  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });
  beforeEach(() => {
    world = current();
    ({ db, clock, notifier, indicators, deps } = world);
  });

  /** A request waiting for approval, reported by `requesterId` an hour and a half ago. */
  async function pendingRequest(requesterId = ALICE): Promise<UnblockRequest> {
    const report = parseReport(`${HOST} the shipping app fails`);
    if (!report.ok) throw new Error('bad report');
    const outcome = await reportBlockedPortal(deps, { userId: requesterId, report: report.value });
    if (outcome.kind !== 'opened') throw new Error(`not opened: ${outcome.kind}`);
    clock.advance(90 * 60_000);
    return outcome.view.request;
  }
  const click = (request: UnblockRequest, input: Partial<DecideInput> = {}) =>
    decideRequest(deps, { requestId: request.id, deciderId: APPROVER, decision: 'approve', durationValue: undefined, clickedMessage: request.approvalMessage!, ...input });
  const stateOf = async (requestId: string) => ({
    request: await db.prisma.unblockRequest.findUnique({ where: { id: requestId } }),
    decisions: await db.prisma.decision.findMany(),
    indicators: await db.prisma.allowIndicator.findMany(),
    audit: await db.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } }),
  });
  const auditOf = (requestId: string) =>
    db.prisma.auditEntry.findMany({ where: { requestId }, orderBy: { id: 'asc' }, select: { actor: true, action: true, fromStatus: true, toStatus: true } });

  it('approves with the chosen duration: allowUntil is now + duration down to the whole second, and the allow goes live', async () => {
    const request = await pendingRequest();
    const result = await click(request, { durationValue: 'P3D' });

    const decidedAt = clock.now();
    // Defender keeps expirationTime to the second: the end is the whole second at or before now + 3 days.
    const allowUntil = new Date(Math.floor((decidedAt.getTime() + 3 * DAY) / 1000) * 1000);
    expect(decidedAt.getMilliseconds()).not.toBe(0);
    expect(decidedAt.getTime() + 3 * DAY - allowUntil.getTime()).toBeLessThan(1000);
    expect(result.ok && result.value.request.status).toBe('active');
    expect(await db.prisma.decision.findUnique({ where: { requestId: request.id } })).toEqual({
      requestId: request.id, outcome: 'approved', deciderId: APPROVER, decidedAt, duration: 'P3D', allowUntil, indicatorType: 'DomainName', indicatorValue: HOST, rbacGroupNames: [],
    });
    expect(await db.prisma.approval.findMany()).toEqual([
      { requestId: request.id, approverId: APPROVER, at: decidedAt, duration: 'P3D', indicatorType: 'DomainName', rbacGroupNames: [] },
    ]);
    expect(indicators.submissions.map((s) => ({ target: s.target, expiresAt: s.expiresAt }))).toEqual([
      { target: { type: 'DomainName', value: HOST }, expiresAt: allowUntil },
    ]);
    const [allowed] = [...indicators.indicators.values()];
    expect(await db.prisma.allowIndicator.findUnique({ where: { requestId: request.id } })).toMatchObject({
      defenderId: allowed!.id, indicatorValue: HOST, expiresAt: allowUntil, reusedExisting: false,
    });
    expect(await db.prisma.unblockRequest.findUnique({ where: { id: request.id } })).toMatchObject({ status: 'active', openKey: `DomainName:${HOST}` });
    expect((await auditOf(request.id)).slice(-2)).toEqual([
      { actor: `slack:${APPROVER}`, action: 'request.approved', fromStatus: 'pending_approval', toStatus: 'approved' },
      { actor: 'system:activation', action: 'allow.created', fromStatus: 'approved', toStatus: 'active' },
    ]);
    expect(notifier.requesterKinds(request.id)).toEqual(['allow_active']);
    expect(notifier.threadKinds(request.id)).toEqual(['allow_active']);
  });

  it('approves for the preselected duration (1 day) when the approver kept it', async () => {
    const request = await pendingRequest();
    await click(request, { durationValue: undefined });
    expect(await db.prisma.decision.findUnique({ where: { requestId: request.id } })).toMatchObject({
      duration: 'P1D', allowUntil: new Date(Math.floor((clock.now().getTime() + DAY) / 1000) * 1000),
    });
  });

  it('denies without touching Defender, closes the request and tells the requester', async () => {
    const request = await pendingRequest();
    const result = await click(request, { decision: 'deny', deciderId: APPROVER_2 });

    expect(result.ok && result.value.request.status).toBe('denied');
    expect(indicators.lookups).toEqual([]);
    expect(indicators.submissions).toEqual([]);
    expect(await db.prisma.unblockRequest.findUnique({ where: { id: request.id } })).toMatchObject({ status: 'denied', openKey: null });
    expect(await db.prisma.decision.findUnique({ where: { requestId: request.id } })).toMatchObject({
      outcome: 'denied', deciderId: APPROVER_2, decidedAt: clock.now(), duration: null, allowUntil: null,
    });
    expect(await db.prisma.allowIndicator.count()).toBe(0);
    expect((await auditOf(request.id)).at(-1)).toEqual({ actor: `slack:${APPROVER_2}`, action: 'request.denied', fromStatus: 'pending_approval', toStatus: 'denied' });
    expect(notifier.requesterKinds(request.id)).toEqual(['denied']);
    expect(notifier.threadKinds(request.id)).toEqual(['decided']);
  });

  const refusals: Array<{ code: string; requester?: string; input: (r: UnblockRequest) => Partial<DecideInput> }> = [
    { code: 'not_found', input: () => ({ requestId: '00000000-0000-4000-8000-000000000000' }) },
    { code: 'wrong_message', input: (r) => ({ clickedMessage: { channelId: r.approvalMessage!.channelId, ts: '999.000100' } }) },
    { code: 'not_an_approver', input: () => ({ deciderId: CAROL }) },
    { code: 'self_approval_forbidden', requester: APPROVER, input: () => ({ deciderId: APPROVER }) },
    { code: 'duration_not_offered', input: () => ({ durationValue: 'P90D' }) },
  ];
  it.each(refusals)('refuses with $code and changes nothing', async ({ code, requester, input }) => {
    const request = await pendingRequest(requester);
    const before = await stateOf(request.id);
    const result = await click(request, input(request));

    expect(result).toEqual({ ok: false, error: { code } });
    expect(await stateOf(request.id)).toEqual(before);
    expect(before.request!.status).toBe('pending_approval');
    expect(indicators.submissions).toEqual([]);
    expect(notifier.refreshed).toEqual([]);
  });

  it('lets exactly one of five simultaneous clicks decide; the others hear it was already decided', async () => {
    const request = await pendingRequest();
    const results = await Promise.all([
      click(request, { deciderId: APPROVER, durationValue: 'P1D' }),
      click(request, { deciderId: APPROVER_2, durationValue: 'P3D' }),
      click(request, { deciderId: APPROVER, durationValue: 'P1D' }),
      click(request, { deciderId: APPROVER_2, decision: 'deny' }),
      click(request, { deciderId: APPROVER, durationValue: 'PT8H' }),
    ]);

    const winners = results.filter((r) => r.ok);
    const losers = results.flatMap((r) => (r.ok ? [] : [r.error.code]));
    expect(winners).toHaveLength(1);
    expect(losers).toEqual(['already_decided', 'already_decided', 'already_decided', 'already_decided']);
    const decisions = await db.prisma.decision.findMany();
    expect(decisions).toHaveLength(1);
    expect(indicators.submissions.length).toBeLessThanOrEqual(1);
    const row = await db.prisma.unblockRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.status).toBe(decisions[0]!.outcome === 'approved' ? 'active' : 'denied');
    expect((await auditOf(request.id)).filter((a) => a.action === 'request.approved' || a.action === 'request.denied')).toHaveLength(1);
  });
});
