import { beforeEach, describe, expect, it } from 'vitest';
import { decideRequest, type DecideInput } from '../../src/app/decide-request.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import { proposedScopeValue } from '../../src/domain/request/allow-scope.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import type { UnblockRequest } from '../../src/domain/request/request.ts';
import { blockEvent } from '../builders/request-view-fixtures.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

const ALICE = 'U0ALICE';
const APPROVER = 'U0APPROVER';
const APPROVER_2 = 'U0APPROVER2';
const HOST = 'logistics.contoso.com';

/** Blocks on two devices: one in Sales, one in Finance-Laptops (MachineGroup, defender-api.md "Device groups"). */
const inTwoGroups = () => [
  blockEvent({ deviceId: 'device-id-pc01', deviceGroup: 'Sales' }),
  blockEvent({ deviceId: 'device-id-pc02', deviceName: 'pc02.corp.contoso.com', deviceGroup: 'Finance-Laptops' }),
];

describe.each(databaseTargets())('the allow is scoped to the blocked devices’ groups ($name)', (target) => {
  let world: UseCaseWorld;
  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });
  beforeEach(() => {
    world = current();
  });

  async function pendingRequest(): Promise<UnblockRequest> {
    const report = parseReport(`${HOST} the shipping app fails`);
    if (!report.ok) throw new Error('bad report');
    const outcome = await reportBlockedPortal(world.deps, { userId: ALICE, report: report.value });
    if (outcome.kind !== 'opened') throw new Error(`not opened: ${outcome.kind}`);
    world.clock.advance(10 * 60_000);
    return outcome.view.request;
  }
  const approve = (request: UnblockRequest, deciderId: string, input: Partial<DecideInput> = {}) =>
    decideRequest(world.deps, { requestId: request.id, deciderId, decision: 'approve', durationValue: undefined, clickedMessage: request.approvalMessage!, ...input });
  const recorded = async (requestId: string) => ({
    approvals: (await world.db.prisma.approval.findMany({ where: { requestId }, orderBy: { at: 'asc' } })).map((a) => a.rbacGroupNames),
    decision: (await world.db.prisma.decision.findUnique({ where: { requestId } }))?.rbacGroupNames,
    indicator: (await world.db.prisma.allowIndicator.findUnique({ where: { requestId } }))?.rbacGroupNames,
  });

  it('by default: the groups of the blocked devices, sorted, sent to Defender and recorded on the approval, decision and indicator', async () => {
    world.evidence.setEvents(HOST, inTwoGroups());
    const request = await pendingRequest();
    const result = await approve(request, APPROVER);
    expect(result.ok && result.value.request.status).toBe('active');
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([['Finance-Laptops', 'Sales']]);
    expect(await recorded(request.id)).toEqual({ approvals: [['Finance-Laptops', 'Sales']], decision: ['Finance-Laptops', 'Sales'], indicator: ['Finance-Laptops', 'Sales'] });
    const audit = await world.db.prisma.auditEntry.findFirstOrThrow({ where: { requestId: request.id, action: 'request.approved' } });
    expect(audit.details).toMatchObject({ rbacGroupNames: ['Finance-Laptops', 'Sales'] });
  });

  it('a blocked device in no group: all devices', async () => {
    world.evidence.setEvents(HOST, [...inTwoGroups(), blockEvent({ deviceId: 'device-id-pc03', deviceGroup: null })]);
    const request = await pendingRequest();
    await approve(request, APPROVER);
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([[]]);
    expect(await recorded(request.id)).toEqual({ approvals: [[]], decision: [], indicator: [] });
  });

  it('the approver widens to all devices with the explicit choice; a forged value is refused and changes nothing', async () => {
    world.evidence.setEvents(HOST, inTwoGroups());
    const request = await pendingRequest();
    expect(await approve(request, APPROVER, { scopeValue: 'Sales' })).toEqual({ ok: false, error: { code: 'scope_not_offered' } });
    expect(await approve(request, APPROVER, { scopeValue: proposedScopeValue(['Sales']) })).toEqual({ ok: false, error: { code: 'scope_changed' } });
    expect(await world.db.prisma.approval.count()).toBe(0);
    await approve(request, APPROVER, { scopeValue: 'all_devices' });
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([[]]);
    expect(await recorded(request.id)).toEqual({ approvals: [[]], decision: [], indicator: [] });
  });

  it('two approvers: all devices only if both chose it, otherwise the groups', async () => {
    world.evidence.setEvents(HOST, [...inTwoGroups().map((e) => ({ ...e, category: 'Phishing' }))]);
    const request = await pendingRequest();
    const first = await approve(request, APPROVER, { scopeValue: 'all_devices' });
    expect(first.ok && first.value.request.status).toBe('pending_approval');
    await approve(request, APPROVER_2);
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([['Finance-Laptops', 'Sales']]);
    expect(await recorded(request.id)).toEqual({ approvals: [[], ['Finance-Laptops', 'Sales']], decision: ['Finance-Laptops', 'Sales'], indicator: ['Finance-Laptops', 'Sales'] });
  });

  it('reuses an Allowed indicator only when it covers the scope: an all-devices one is reused', async () => {
    world.evidence.setEvents(HOST, inTwoGroups());
    const theirs = world.indicators.seed({ type: 'DomainName', value: HOST, action: 'Allowed', expiresAt: null, title: 'Supplier portal', description: 'portal admin', rbacGroupNames: [] });
    const request = await pendingRequest();
    await approve(request, APPROVER);
    expect(world.indicators.submissions).toEqual([]);
    expect(await world.db.prisma.allowIndicator.findUnique({ where: { requestId: request.id } })).toMatchObject({ defenderId: theirs.id, reusedExisting: true, rbacGroupNames: [] });
  });

  it('someone else’s Allowed indicator for other groups is neither rewritten nor relied on: the request stays approved, people are told', async () => {
    world.evidence.setEvents(HOST, inTwoGroups());
    const theirs = world.indicators.seed({ type: 'DomainName', value: HOST, action: 'Allowed', expiresAt: null, title: 'HR portal', description: 'portal admin', rbacGroupNames: ['HR'] });
    const request = await pendingRequest();
    const result = await approve(request, APPROVER);
    expect(result.ok && result.value.request.status).toBe('approved');
    expect(world.indicators.submissions).toEqual([]);
    expect(world.indicators.indicators.get(theirs.id)).toEqual(theirs);
    expect(await world.db.prisma.allowIndicator.count()).toBe(0);
    expect(world.notifier.threadNotes.at(-1)!.note).toEqual({ kind: 'scope_conflict', indicator: theirs, retryInMs: expect.any(Number) });
    expect(world.notifier.requesterKinds(request.id)).toEqual(['approved_not_active']);
    const failed = await world.db.prisma.auditEntry.findFirstOrThrow({ where: { requestId: request.id, action: 'allow.activation_failed' } });
    expect(failed.details).toMatchObject({ failure: 'scope_conflict', defenderId: theirs.id, theirGroups: ['HR'], approvedGroups: ['Finance-Laptops', 'Sales'] });
  });
});

describe.each(databaseTargets())('a later report widens the proposed scope while the request waits ($name)', (target) => {
  let world: UseCaseWorld;
  const current = useWorld(target, { approvers: [APPROVER, APPROVER_2] });
  beforeEach(() => {
    world = current();
  });

  const report = async (userId: string) => {
    const parsed = parseReport(`${HOST} the shipping app fails`);
    if (!parsed.ok) throw new Error('bad report');
    return reportBlockedPortal(world.deps, { userId, report: parsed.value });
  };
  const approve = (request: UnblockRequest, deciderId: string, input: Partial<DecideInput> = {}) =>
    decideRequest(world.deps, { requestId: request.id, deciderId, decision: 'approve', durationValue: undefined, clickedMessage: request.approvalMessage!, ...input });
  const sales = blockEvent({ deviceId: 'device-id-pc01', deviceGroup: 'Sales' });
  const finance = blockEvent({ deviceId: 'device-id-pc02', deviceName: 'pc02.corp.contoso.com', deviceGroup: 'Finance-Laptops' });

  it('a new reporter’s device in another group widens the proposal; the thread and the message say so; the same reporter again hunts nothing', async () => {
    world.evidence.setEvents(HOST, [sales]);
    const opened = await report(ALICE);
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    world.evidence.setEvents(HOST, [sales, finance]);
    const joined = await report('U0CAROL');
    expect(joined.kind === 'joined' && joined.view.evidence?.summary.blockedDeviceGroups?.groups.map((g) => g.name).sort()).toEqual(['Finance-Laptops', 'Sales']);
    expect(world.notifier.threadNotes.at(-1)!.note).toEqual({ kind: 'scope_widened', added: ['Finance-Laptops'], newlyUngrouped: false, reporterId: 'U0CAROL' });
    expect(world.notifier.refreshed.at(-1)!.evidence?.summary.blockedDeviceGroups?.groups).toHaveLength(2);
    const audit = await world.db.prisma.auditEntry.findFirstOrThrow({ where: { requestId: opened.view.request.id, action: 'request.scope_widened' } });
    expect(audit).toMatchObject({ actor: 'slack:U0CAROL', details: { added: ['Finance-Laptops'], newlyUngrouped: false } });

    const hunts = world.evidence.calls.length;
    await report('U0CAROL');
    expect(world.evidence.calls).toHaveLength(hunts);

    // A click on the message as drawn before the widening is refused, not counted for the wider set.
    world.clock.advance(60_000);
    const request = (await world.deps.store.get(opened.view.request.id))!;
    expect(await approve(request, APPROVER, { scopeValue: proposedScopeValue(['Sales']) })).toEqual({ ok: false, error: { code: 'scope_changed' } });
    await approve(request, APPROVER, { scopeValue: proposedScopeValue(['Finance-Laptops', 'Sales']) });
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([['Finance-Laptops', 'Sales']]);
  });

  it('a new reporter while hunting is unavailable: the approvers are told their device could not be checked, never silently lost; nothing is widened', async () => {
    world.evidence.setEvents(HOST, [sales]);
    const opened = await report(ALICE);
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    world.evidence.failWith(new ExternalServiceError({ service: 'graph', failure: 'throttled', status: 429, userMessage: 'Microsoft Graph is throttling requests' }));
    await report('U0CAROL');
    expect(world.notifier.threadNotes.at(-1)!.note).toEqual({ kind: 'scope_unchecked', reporterId: 'U0CAROL', error: 'Microsoft Graph is throttling requests' });
    expect(await world.db.prisma.auditEntry.count({ where: { action: 'request.scope_widened' } })).toBe(0);
  });

  it('a new reporter while the request is approved but not yet active: their device in another group is flagged to the approvers, nothing is widened', async () => {
    world.evidence.setEvents(HOST, [sales]);
    // Someone else's allow for HR holds the value: the approved allow waits on its owner (scope_conflict).
    world.indicators.seed({ type: 'DomainName', value: HOST, action: 'Allowed', expiresAt: null, title: 'HR portal', description: 'portal admin', rbacGroupNames: ['HR'] });
    const opened = await report(ALICE);
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    const approved = await approve(opened.view.request, APPROVER);
    expect(approved.ok && approved.value.request.status).toBe('approved');

    world.evidence.setEvents(HOST, [sales, finance]);
    await report('U0CAROL');
    expect(world.notifier.threadNotes.at(-1)!.note).toEqual({ kind: 'scope_not_covered', groups: ['Finance-Laptops'], ungrouped: false, reporterId: 'U0CAROL' });
    expect(await world.db.prisma.decision.findUniqueOrThrow({ where: { requestId: opened.view.request.id } })).toMatchObject({ rbacGroupNames: ['Sales'] });
  });

  it('an approval given before the widening counts only for the groups it was given for', async () => {
    world.evidence.setEvents(HOST, [{ ...sales, category: 'Phishing' }]);
    const opened = await report(ALICE);
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    world.clock.advance(60_000);
    await approve(opened.view.request, APPROVER);
    world.evidence.setEvents(HOST, [{ ...sales, category: 'Phishing' }, { ...finance, category: 'Phishing' }]);
    await report('U0CAROL');
    await approve((await world.deps.store.get(opened.view.request.id))!, APPROVER_2);
    const approvals = await world.db.prisma.approval.findMany({ orderBy: { at: 'asc' } });
    expect(approvals.map((a) => a.rbacGroupNames)).toEqual([['Sales'], ['Finance-Laptops', 'Sales']]);
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([['Sales']]);
  });

  it('after activation a report from a device in another group changes nothing by itself: it proposes a scope change to the approvers', async () => {
    world.evidence.setEvents(HOST, [sales]);
    const opened = await report(ALICE);
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    world.clock.advance(60_000);
    await approve(opened.view.request, APPROVER);
    world.evidence.setEvents(HOST, [sales, finance]);
    await report('U0CAROL');
    expect(world.notifier.scopeChanges.map((m) => m.groups)).toEqual([['Finance-Laptops', 'Sales']]);
    const proposed = await world.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'allow.scope_change_proposed' } });
    expect(proposed).toMatchObject({ actor: 'slack:U0CAROL', details: { added: ['Finance-Laptops'], allowGroups: ['Sales'] } });
    expect(await world.db.prisma.auditEntry.count({ where: { action: 'request.scope_widened' } })).toBe(0);
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([['Sales']]);
    expect((await world.db.prisma.decision.findFirstOrThrow()).rbacGroupNames).toEqual(['Sales']);

    // A device in no group cannot be named in rbacGroupNames: the approvers are told, nothing is proposed.
    world.evidence.setEvents(HOST, [sales, blockEvent({ deviceId: 'device-id-pc09', deviceGroup: null })]);
    await report('U0ERIN');
    expect(world.notifier.threadNotes.at(-1)!.note).toEqual({ kind: 'scope_not_covered', groups: [], ungrouped: true, reporterId: 'U0ERIN' });
    expect(world.notifier.scopeChanges).toHaveLength(1);

    // A reporter whose device is covered adds no note.
    const notes = world.notifier.threadNotes.length;
    world.evidence.setEvents(HOST, [sales]);
    await report('U0DAVE');
    expect(world.notifier.threadNotes).toHaveLength(notes);
  });
});
