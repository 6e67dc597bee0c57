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
const URL = 'https://logistics.contoso.com/portal/login';

describe.each(databaseTargets())('approving a Url indicator for a reported path ($name)', (target) => {
  let world: UseCaseWorld;

  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });
  beforeEach(() => {
    world = current();
  });

  async function pendingRequest(reported: string): Promise<UnblockRequest> {
    const report = parseReport(`${reported} the shipping app fails`);
    if (!report.ok) throw new Error('bad report');
    const outcome = await reportBlockedPortal(world.deps, { userId: ALICE, report: report.value });
    if (outcome.kind !== 'opened') throw new Error(`not opened: ${outcome.kind}`);
    return outcome.view.request;
  }
  const approve = (request: UnblockRequest, input: Partial<DecideInput> = {}) =>
    decideRequest(world.deps, { requestId: request.id, deciderId: APPROVER, decision: 'approve', durationValue: undefined, clickedMessage: request.approvalMessage!, ...input });

  it('submits a Url indicator for the reported URL when the approver picks it, and records it with the decision', async () => {
    const request = await pendingRequest(URL);
    const result = await approve(request, { indicatorValue: 'Url' });

    expect(result.ok && result.value.request.status).toBe('active');
    expect(world.indicators.lookups).toEqual([URL]);
    expect(world.indicators.submissions.map((s) => s.target)).toEqual([{ type: 'Url', value: URL }]);
    expect(await world.db.prisma.decision.findUniqueOrThrow({ where: { requestId: request.id } })).toMatchObject({ indicatorType: 'Url', indicatorValue: URL });
    expect(await world.db.prisma.allowIndicator.findUniqueOrThrow({ where: { requestId: request.id } })).toMatchObject({ indicatorType: 'Url', indicatorValue: URL });
    // The request still owns its host: another report of it joins this request.
    expect(await world.db.prisma.unblockRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ openKey: `DomainName:${HOST}` });
  });

  it('keeps the host when the approver leaves the select alone', async () => {
    const request = await pendingRequest(URL);
    await approve(request);
    expect(world.indicators.submissions.map((s) => s.target)).toEqual([{ type: 'DomainName', value: HOST }]);
  });

  it.each([
    ['Url on a report without a path', HOST, 'Url'],
    ['IpAddress on a host', URL, 'IpAddress'],
    ['an unknown type', URL, 'FileSha256'],
  ])('refuses a forged choice (%s) and changes nothing', async (_case, reported, value) => {
    const request = await pendingRequest(reported);
    const before = await world.db.prisma.unblockRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(await approve(request, { indicatorValue: value })).toEqual({ ok: false, error: { code: 'indicator_not_offered' } });
    expect(await world.db.prisma.unblockRequest.findUniqueOrThrow({ where: { id: request.id } })).toEqual(before);
    expect(await world.db.prisma.approval.count()).toBe(0);
    expect(world.indicators.submissions).toEqual([]);
  });

  it('with two approvers, the narrower choice wins: Url if either picked it', async () => {
    world.evidence.setEvents(HOST, [blockEvent({ category: 'Phishing' })]);
    const request = await pendingRequest(URL);
    await approve(request, { indicatorValue: 'Url' });
    expect(world.indicators.submissions).toEqual([]);
    await approve(request, { deciderId: APPROVER_2, indicatorValue: 'DomainName' });
    expect(world.indicators.submissions.map((s) => s.target)).toEqual([{ type: 'Url', value: URL }]);
  });
});
