import { beforeEach, describe, expect, it } from 'vitest';
import { decideRequest, type DecideInput } from '../../src/app/decide-request.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import type { UnblockRequest } from '../../src/domain/request/request.ts';
import { blockEvent } from '../builders/request-view-fixtures.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

const ALICE = 'U0ALICE';
const APPROVER = 'U0APPROVER';
const APPROVER_2 = 'U0APPROVER2';
const HOST = 'logistics.contoso.com';
const HOUR = 3_600_000;

describe.each(databaseTargets())('a target Defender flagged as Malicious needs two approvers ($name)', (target) => {
  let world: UseCaseWorld;

  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });
  beforeEach(() => {
    world = current();
    world.evidence.setEvents(HOST, [blockEvent({ category: 'Malicious' })]);
  });

  async function pendingRequest(requesterId = ALICE): Promise<UnblockRequest> {
    const report = parseReport(`${HOST} the shipping app fails`);
    if (!report.ok) throw new Error('bad report');
    const outcome = await reportBlockedPortal(world.deps, { userId: requesterId, report: report.value });
    if (outcome.kind !== 'opened') throw new Error(`not opened: ${outcome.kind}`);
    world.clock.advance(10 * 60_000);
    return outcome.view.request;
  }
  const approve = (request: UnblockRequest, deciderId: string, input: Partial<DecideInput> = {}) =>
    decideRequest(world.deps, { requestId: request.id, deciderId, decision: 'approve', durationValue: undefined, clickedMessage: request.approvalMessage!, ...input });
  const stateOf = async (requestId: string) => ({
    request: await world.db.prisma.unblockRequest.findUniqueOrThrow({ where: { id: requestId } }),
    approvals: await world.db.prisma.approval.findMany({ orderBy: { at: 'asc' } }),
    decisions: await world.db.prisma.decision.findMany(),
    lifecycles: await world.db.prisma.lifecycle.findMany(),
    audit: await world.db.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } }),
  });

  it('records the first approval, keeps the request pending and activates nothing', async () => {
    const request = await pendingRequest();
    const result = await approve(request, APPROVER, { durationValue: 'P1D' });

    expect(result.ok && result.value.request.status).toBe('pending_approval');
    const state = await stateOf(request.id);
    expect(state.request).toMatchObject({ status: 'pending_approval', version: request.version + 1 });
    expect(state.approvals).toEqual([{ requestId: request.id, approverId: APPROVER, at: world.clock.now(), duration: 'P1D', indicatorType: 'DomainName', rbacGroupNames: [] }]);
    expect(state.decisions).toEqual([]);
    expect(state.lifecycles).toEqual([]);
    expect(state.audit.at(-1)).toMatchObject({ actor: `slack:${APPROVER}`, action: 'request.approval_recorded', fromStatus: 'pending_approval', toStatus: 'pending_approval' });
    expect(world.indicators.lookups).toEqual([]);
    expect(world.indicators.submissions).toEqual([]);
    expect(world.notifier.refreshed.at(-1)!.approvals.map((a) => a.approverId)).toEqual([APPROVER]);
    expect(world.notifier.threadNotes.at(-1)!.note).toEqual({ kind: 'approval_recorded', approverId: APPROVER, required: 2 });
    expect(world.notifier.requesterKinds(request.id)).toEqual([]);
  });

  it('refuses the same approver approving again, and changes nothing', async () => {
    const request = await pendingRequest();
    await approve(request, APPROVER);
    const before = await stateOf(request.id);

    const again = await approve(request, APPROVER, { durationValue: 'PT8H' });

    expect(again).toEqual({ ok: false, error: { code: 'already_approved_by_you' } });
    expect(await stateOf(request.id)).toEqual(before);
    expect(world.indicators.submissions).toEqual([]);
  });

  it('still forbids approving your own request', async () => {
    const request = await pendingRequest(APPROVER);
    expect(await approve(request, APPROVER)).toEqual({ ok: false, error: { code: 'self_approval_forbidden' } });
    expect((await stateOf(request.id)).approvals).toEqual([]);
  });

  it.each([
    ['the first approver chose the shorter time', 'PT8H', 'P1D', 'PT8H', 8 * HOUR],
    ['the second approver chose the shorter time', 'P1D', 'PT8H', 'PT8H', 8 * HOUR],
  ])('a second, different approver activates the allow for the shorter duration: %s', async (_case, first, second, expected, ms) => {
    const request = await pendingRequest();
    await approve(request, APPROVER, { durationValue: first });
    world.clock.advance(HOUR);
    const result = await approve(request, APPROVER_2, { durationValue: second });

    const decidedAt = world.clock.now();
    // Whole seconds, as Defender keeps expirationTime: down from decidedAt + the shorter duration.
    const allowUntil = new Date(Math.floor((decidedAt.getTime() + ms) / 1000) * 1000);
    expect(result.ok && result.value.request.status).toBe('active');
    expect(await world.db.prisma.decision.findUniqueOrThrow({ where: { requestId: request.id } })).toMatchObject({
      outcome: 'approved', deciderId: APPROVER_2, decidedAt, duration: expected, allowUntil,
    });
    expect((await stateOf(request.id)).approvals.map((a) => [a.approverId, a.duration])).toEqual([[APPROVER, first], [APPROVER_2, second]]);
    expect(world.indicators.submissions.map((s) => ({ target: s.target, expiresAt: s.expiresAt }))).toEqual([{ target: { type: 'DomainName', value: HOST }, expiresAt: allowUntil }]);
    expect(world.indicators.submissions[0]!.description).toContain(`Approved by Slack users ${APPROVER} and ${APPROVER_2}`);
    const audit = await world.db.prisma.auditEntry.findFirstOrThrow({ where: { requestId: request.id, action: 'request.approved' } });
    expect(audit.details).toMatchObject({ duration: expected, approvers: [APPROVER, APPROVER_2] });
    expect(world.notifier.requesterKinds(request.id)).toEqual(['allow_active']);
  });

  it('a deny by any approver after the first approval denies at once', async () => {
    const request = await pendingRequest();
    await approve(request, APPROVER);
    const result = await approve(request, APPROVER_2, { decision: 'deny' });

    expect(result.ok && result.value.request.status).toBe('denied');
    expect(await world.db.prisma.decision.findUniqueOrThrow({ where: { requestId: request.id } })).toMatchObject({ outcome: 'denied', deciderId: APPROVER_2 });
    expect(world.indicators.submissions).toEqual([]);
  });

  it.each([1, 2, 3])('two approvers clicking at the same time end approved exactly once (round %i)', async () => {
    const request = await pendingRequest();
    const results = await Promise.all([
      approve(request, APPROVER, { durationValue: 'P1D' }),
      approve(request, APPROVER_2, { durationValue: 'P1D' }),
      approve(request, APPROVER, { durationValue: 'P1D' }),
      approve(request, APPROVER_2, { durationValue: 'P1D' }),
    ]);

    // Each approver's first click counts; their double click is refused (or finds the request decided).
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    for (const r of results.filter((r) => !r.ok)) expect(['already_approved_by_you', 'already_decided']).toContain(!r.ok && r.error.code);
    const state = await stateOf(request.id);
    expect(state.decisions).toHaveLength(1);
    expect(state.decisions[0]).toMatchObject({ outcome: 'approved', duration: 'P1D' });
    expect(state.approvals.map((a) => a.approverId).sort()).toEqual([APPROVER, APPROVER_2]);
    expect(state.request.status).toBe('active');
    expect(world.indicators.submissions).toHaveLength(1);
    expect(state.audit.filter((a) => a.action === 'request.approved')).toHaveLength(1);
    expect(state.audit.filter((a) => a.action === 'request.approval_recorded')).toHaveLength(1);
  });
});
