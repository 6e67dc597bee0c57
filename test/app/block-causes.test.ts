import { describe, expect, it } from 'vitest';
import { decideRequest } from '../../src/app/decide-request.ts';
import { extendAllow } from '../../src/app/extend-allow.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import type { UnblockRequest } from '../../src/domain/request/request.ts';
import { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import { blockEvent } from '../builders/request-view-fixtures.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

const ALICE = 'U0ALICE';
const APPROVER = 'U0APPROVER';
const APPROVER_2 = 'U0APPROVER2';
const HOST = 'logistics.contoso.com';

async function pendingRequest(world: UseCaseWorld, category: string): Promise<UnblockRequest> {
  world.evidence.setEvents(HOST, [blockEvent({ category })]);
  const report = parseReport(`${HOST} the shipping app fails`);
  if (!report.ok) throw new Error('bad report');
  const outcome = await reportBlockedPortal(world.deps, { userId: ALICE, report: report.value });
  if (outcome.kind !== 'opened') throw new Error(`not opened: ${outcome.kind}`);
  return outcome.view.request;
}

const approve = (world: UseCaseWorld, request: UnblockRequest, deciderId: string, durationValue?: string) =>
  decideRequest(world.deps, { requestId: request.id, deciderId, decision: 'approve', durationValue, clickedMessage: request.approvalMessage! });

describe.each(databaseTargets())('a command-and-control verdict ($name)', (target) => {
  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });

  it('refuses Approve, records nothing, and still lets an approver deny', async () => {
    const world = current();
    const request = await pendingRequest(world, 'COCO');
    const auditBefore = await world.db.prisma.auditEntry.count();

    expect(await approve(world, request, APPROVER, 'P1D')).toEqual({ ok: false, error: { code: 'approval_not_offered' } });

    expect(await world.db.prisma.approval.count()).toBe(0);
    expect(await world.db.prisma.auditEntry.count()).toBe(auditBefore);
    expect(await world.db.prisma.unblockRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: 'pending_approval', version: request.version });
    expect(world.indicators.submissions).toEqual([]);
    const denied = await decideRequest(world.deps, { requestId: request.id, deciderId: APPROVER, decision: 'deny', durationValue: undefined, clickedMessage: request.approvalMessage! });
    expect(denied.ok && denied.value.request.status).toBe('denied');
  });
});

describe.each(databaseTargets())('a command-and-control verdict with ALLOW_C2_OVERRIDE ($name)', (target) => {
  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2], allowC2Override: true });

  it('takes two different approvers and at most MAX_THREAT_ALLOW_DURATION', async () => {
    const world = current();
    const request = await pendingRequest(world, 'C2');
    expect(await approve(world, request, APPROVER, 'P3D')).toEqual({ ok: false, error: { code: 'duration_not_offered' } });
    const first = await approve(world, request, APPROVER, 'P1D');
    expect(first.ok && first.value.request.status).toBe('pending_approval');
    expect(world.indicators.submissions).toEqual([]);
    const second = await approve(world, request, APPROVER_2, 'PT8H');
    expect(second.ok && second.value.request.status).toBe('active');
    expect(world.indicators.submissions).toHaveLength(1);
  });
});

describe.each(databaseTargets())('a threat verdict ($name)', (target) => {
  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });

  it('cannot be extended by one approver: a forged Extend is refused and Defender is not touched', async () => {
    const world = current();
    const request = await pendingRequest(world, 'TechScam');
    await approve(world, request, APPROVER, 'PT8H');
    const active = await approve(world, request, APPROVER_2, 'PT8H');
    if (!active.ok) throw new Error(active.error.code);
    expect(active.value.request.status).toBe('active');
    const submissions = world.indicators.submissions.length;

    for (const [actorId, durationValue] of [[APPROVER, 'PT8H'], [APPROVER_2, 'P1D'], [APPROVER, 'P3D']] as const) {
      const extended = await extendAllow(world.deps, { requestId: request.id, actorId, durationValue, clickedMessage: request.approvalMessage! });
      expect(extended).toEqual({ ok: false, error: { code: 'needs_two_approvers' } });
    }
    expect(await world.db.prisma.extension.count()).toBe(0);
    expect(world.indicators.submissions).toHaveLength(submissions);
  });
});

describe.each(databaseTargets())('Defender could not be searched ($name)', (target) => {
  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });

  it('is treated like a threat verdict: two different approvers, at most MAX_THREAT_ALLOW_DURATION', async () => {
    const world = current();
    // Graph answering 429 to the hunting query (defender-api.md §1, its rate limits).
    world.evidence.failWith(new ExternalServiceError({ service: 'graph', failure: 'throttled', status: 429, userMessage: 'Advanced hunting is busy' }));
    const report = parseReport(`${HOST} the shipping app fails`);
    if (!report.ok) throw new Error('bad report');
    const outcome = await reportBlockedPortal(world.deps, { userId: ALICE, report: report.value });
    if (outcome.kind !== 'opened') throw new Error(`not opened: ${outcome.kind}`);
    const request = outcome.view.request;
    expect(outcome.view.evidence?.outcome).toBe('unavailable');

    expect(await approve(world, request, APPROVER, 'P3D')).toEqual({ ok: false, error: { code: 'duration_not_offered' } });
    const first = await approve(world, request, APPROVER, 'P1D');
    expect(first.ok && first.value.request.status).toBe('pending_approval');
    expect(world.indicators.submissions).toEqual([]);
    const second = await approve(world, request, APPROVER_2, 'P1D');
    expect(second.ok && second.value.request.status).toBe('active');
    expect(world.indicators.submissions).toHaveLength(1);
  });
});
