import { beforeEach, describe, expect, it } from 'vitest';
import { decideRequest } from '../../src/app/decide-request.ts';
import { decideScopeChange, type DecideScopeChangeInput } from '../../src/app/decide-scope-change.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { revokeAllow } from '../../src/app/revoke-allow.ts';
import { findDrift } from '../../src/domain/lifecycle/find-drift.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import { scopeChangeValue } from '../../src/domain/request/scope-change.ts';
import { blockEvent } from '../builders/request-view-fixtures.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

const ALICE = 'U0ALICE';
const CAROL = 'U0CAROL';
const DAVE = 'U0DAVE';
const APPROVER = 'U0APPROVER';
const APPROVER_2 = 'U0APPROVER2';
const HOST = 'logistics.contoso.com';

/** Block events on devices in device groups (MachineGroup from DeviceInfo, defender-api.md "Device groups"). */
const sales = blockEvent({ deviceId: 'device-id-pc01', deviceGroup: 'Sales' });
const finance = blockEvent({ deviceId: 'device-id-pc02', deviceName: 'pc02.corp.contoso.com', deviceGroup: 'Finance-Laptops' });
const hr = blockEvent({ deviceId: 'device-id-pc03', deviceName: 'pc03.corp.contoso.com', deviceGroup: 'HR' });

describe.each(databaseTargets())('a scope change of an active allow ($name)', (target) => {
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

  /** Alice's report from Sales, approved and active; then Carol's laptop in Finance-Laptops is blocked too. */
  async function activeWithProposal(): Promise<string> {
    world.evidence.setEvents(HOST, [sales]);
    const opened = await report(ALICE);
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    world.clock.advance(60_000);
    const approved = await decideRequest(world.deps, {
      requestId: opened.view.request.id,
      deciderId: APPROVER,
      decision: 'approve',
      durationValue: undefined,
      clickedMessage: opened.view.request.approvalMessage!,
    });
    if (!approved.ok || approved.value.request.status !== 'active') throw new Error('not active');
    world.evidence.setEvents(HOST, [sales, finance]);
    world.clock.advance(60_000);
    await report(CAROL);
    return opened.view.request.id;
  }

  const click = async (requestId: string, deciderId: string, input: Partial<DecideScopeChangeInput> = {}) => {
    const view = (await world.deps.store.view(requestId))!;
    return decideScopeChange(world.deps, {
      requestId,
      deciderId,
      decision: 'approve',
      proposalValue: view.request.scopeChange ? scopeChangeValue(view.request.scopeChange.groups) : undefined,
      clickedMessage: view.request.scopeChangeMessage!,
      ...input,
    });
  };

  it('is proposed, not applied: recorded on the request, audited, and posted with the evidence', async () => {
    const id = await activeWithProposal();
    const view = (await world.deps.store.view(id))!;
    expect(view.request.scopeChange).toMatchObject({ groups: ['Finance-Laptops', 'Sales'], reporterIds: [CAROL] });
    expect(world.notifier.scopeChanges).toEqual([{ requestId: id, ref: view.request.scopeChangeMessage, groups: ['Finance-Laptops', 'Sales'], redrawn: false }]);
    const audit = await world.db.prisma.auditEntry.findFirstOrThrow({ where: { requestId: id, action: 'allow.scope_change_proposed' } });
    expect(audit).toMatchObject({ actor: 'slack:U0CAROL', details: { allowGroups: ['Sales'], added: ['Finance-Laptops'], proposed: ['Finance-Laptops', 'Sales'], widenedOpen: false } });
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([['Sales']]);
    expect((await world.db.prisma.allowIndicator.findFirstOrThrow()).rbacGroupNames).toEqual(['Sales']);
  });

  it('a report from yet another group widens the open proposal (one proposal, its message redrawn); a covered one changes nothing', async () => {
    const id = await activeWithProposal();
    world.evidence.setEvents(HOST, [sales, finance, hr]);
    await report(DAVE);
    const view = (await world.deps.store.view(id))!;
    expect(view.request.scopeChange).toMatchObject({ groups: ['Finance-Laptops', 'HR', 'Sales'], reporterIds: [CAROL, DAVE] });
    expect(world.notifier.scopeChanges.map((m) => [m.groups, m.redrawn])).toEqual([
      [['Finance-Laptops', 'Sales'], false],
      [['Finance-Laptops', 'HR', 'Sales'], true],
    ]);
    await report('U0ERIN');
    expect(world.notifier.scopeChanges).toHaveLength(2);
    expect(await world.db.prisma.auditEntry.count({ where: { action: 'allow.scope_change_proposed' } })).toBe(2);
  });

  it('approved: Defender’s indicator (same id, same expiry to the second) holds the wider groups; recorded, audited, everyone told', async () => {
    const id = await activeWithProposal();
    const before = (await world.db.prisma.allowIndicator.findFirstOrThrow())!;
    const inDefender = world.indicators.indicators.get(before.defenderId)!;
    world.clock.advance(60_000);
    const result = await click(id, APPROVER_2);
    expect(result.ok).toBe(true);
    const after = world.indicators.indicators.get(before.defenderId)!;
    expect(after.rbacGroupNames).toEqual(['Finance-Laptops', 'Sales']);
    expect(after.expiresAt).toEqual(inDefender.expiresAt);
    expect(world.indicators.indicators.size).toBe(1);
    const stored = await world.db.prisma.allowIndicator.findFirstOrThrow();
    expect(stored).toMatchObject({ defenderId: before.defenderId, rbacGroupNames: ['Finance-Laptops', 'Sales'], expiresAt: before.expiresAt });
    expect((await world.db.prisma.decision.findFirstOrThrow()).rbacGroupNames).toEqual(['Finance-Laptops', 'Sales']);
    expect((await world.deps.store.view(id))!.request.scopeChange).toBeNull();
    const audit = await world.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'allow.scope_changed' } });
    expect(audit).toMatchObject({ actor: 'slack:U0APPROVER2', details: { before: ['Sales'], after: ['Finance-Laptops', 'Sales'], defenderId: before.defenderId } });
    const decided = { decision: 'approved', actorId: APPROVER_2, before: ['Sales'], proposed: ['Finance-Laptops', 'Sales'] };
    expect(world.notifier.settledScopeChanges).toEqual([{ requestId: id, outcome: { kind: 'decided', ...decided } }]);
    expect(world.notifier.threadNotes.at(-1)!.note).toEqual({ kind: 'scope_change_decided', ...decided });
    expect(world.notifier.reporterNotes).toEqual([{ requestId: id, userId: CAROL, note: { kind: 'scope_change_decided', ...decided } }]);

    // The drift check accepts the new scope: what Defender holds is what is recorded.
    const ownerView = (await world.deps.store.view(id))!;
    expect(findDrift(ownerView.indicator!, [...world.indicators.indicators.values()], ownerView.request)).toEqual([]);

    // A double click, and a second approver at once: exactly one decision.
    expect(await click(id, APPROVER, { proposalValue: scopeChangeValue(['Finance-Laptops', 'Sales']) })).toEqual({ ok: false, error: { code: 'no_open_scope_change' } });
    expect(world.indicators.submissions).toHaveLength(2);
  });

  it('denied: nothing changes in Defender; the proposal closes and the reporter is told', async () => {
    const id = await activeWithProposal();
    const result = await click(id, APPROVER, { decision: 'deny' });
    expect(result.ok).toBe(true);
    expect(world.indicators.submissions).toHaveLength(1);
    expect((await world.db.prisma.allowIndicator.findFirstOrThrow()).rbacGroupNames).toEqual(['Sales']);
    expect((await world.deps.store.view(id))!.request.scopeChange).toBeNull();
    expect(await world.db.prisma.auditEntry.count({ where: { action: 'allow.scope_change_denied' } })).toBe(1);
    expect(world.notifier.reporterNotes.map((n) => [n.userId, n.note.kind])).toEqual([[CAROL, 'scope_change_decided']]);
    expect(await click(id, APPROVER_2, { proposalValue: scopeChangeValue(['Finance-Laptops', 'Sales']) })).toEqual({ ok: false, error: { code: 'no_open_scope_change' } });
  });

  it('refuses a stale click, a non-approver and a click from another message, changing nothing', async () => {
    const id = await activeWithProposal();
    expect(await click(id, APPROVER, { proposalValue: scopeChangeValue(['Sales']) })).toEqual({ ok: false, error: { code: 'stale_scope_change' } });
    expect(await click(id, APPROVER, { proposalValue: undefined })).toEqual({ ok: false, error: { code: 'stale_scope_change' } });
    expect(await click(id, 'U0MALLORY')).toEqual({ ok: false, error: { code: 'not_an_approver' } });
    expect(await click(id, APPROVER, { clickedMessage: { channelId: 'C0APPROVALS', ts: '1.000100' } })).toEqual({ ok: false, error: { code: 'wrong_message' } });
    // A proposal drawn before a later report widened it is stale too.
    const drawn = scopeChangeValue(['Finance-Laptops', 'Sales']);
    world.evidence.setEvents(HOST, [sales, finance, hr]);
    await report(DAVE);
    expect(await click(id, APPROVER, { proposalValue: drawn })).toEqual({ ok: false, error: { code: 'stale_scope_change' } });
    expect(world.indicators.submissions).toHaveLength(1);
    expect(await world.db.prisma.auditEntry.count({ where: { action: 'allow.scope_changed' } })).toBe(0);
  });

  it('two approvers clicking at once: exactly one widens the allow', async () => {
    const id = await activeWithProposal();
    const results = await Promise.all([click(id, APPROVER), click(id, APPROVER_2)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await world.db.prisma.auditEntry.count({ where: { action: 'allow.scope_changed' } })).toBe(1);
    expect(world.indicators.submissions).toHaveLength(2);
  });

  it('a join widening the proposal while Defender answers: the approved groups are recorded, the new group stays proposed in a message of its own', async () => {
    const id = await activeWithProposal();
    const drawn = scopeChangeValue(['Finance-Laptops', 'Sales']);
    const view = (await world.deps.store.view(id))!;
    // Dave reports from HR while Defender is taking the approved write.
    const indicators = Object.create(world.deps.indicators) as typeof world.deps.indicators;
    indicators.submitAllow = async (input) => {
      world.evidence.setEvents(HOST, [sales, finance, hr]);
      await report(DAVE);
      return world.deps.indicators.submitAllow(input);
    };
    const result = await decideScopeChange(
      { ...world.deps, indicators },
      { requestId: id, deciderId: APPROVER, decision: 'approve', proposalValue: drawn, clickedMessage: view.request.scopeChangeMessage! },
    );
    expect(result.ok).toBe(true);
    expect((await world.db.prisma.allowIndicator.findFirstOrThrow()).rbacGroupNames).toEqual(['Finance-Laptops', 'Sales']);
    const after = (await world.deps.store.view(id))!;
    expect(after.request.scopeChange).toMatchObject({ groups: ['Finance-Laptops', 'HR', 'Sales'], reporterIds: [CAROL, DAVE] });
    expect(world.notifier.scopeChanges.at(-1)).toMatchObject({ groups: ['Finance-Laptops', 'HR', 'Sales'], redrawn: false });
    const proposals = await world.db.prisma.auditEntry.findMany({ where: { action: 'allow.scope_change_proposed' }, orderBy: { id: 'asc' } });
    expect(proposals.at(-1)!.details).toMatchObject({ allowGroups: ['Finance-Laptops', 'Sales'], added: ['HR'], reopenedAfterRace: true });
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([['Sales'], ['Finance-Laptops', 'Sales']]);
  });

  it('a revoke closes the open proposal: its buttons go, and a later click is refused', async () => {
    const id = await activeWithProposal();
    const view = (await world.deps.store.view(id))!;
    const revoked = await revokeAllow(world.deps, { requestId: id, actorId: APPROVER, clickedMessage: view.request.approvalMessage! });
    expect(revoked.ok).toBe(true);
    expect((await world.deps.store.view(id))!.request.scopeChange).toBeNull();
    expect(world.notifier.settledScopeChanges).toEqual([{ requestId: id, outcome: { kind: 'allow_ended' } }]);
    expect(await world.db.prisma.auditEntry.count({ where: { action: 'allow.scope_change_closed' } })).toBe(1);
    expect(await click(id, APPROVER, { proposalValue: scopeChangeValue(['Finance-Laptops', 'Sales']) })).toEqual({ ok: false, error: { code: 'no_open_scope_change' } });
    expect(world.indicators.submissions).toHaveLength(1);
  });

  it('a later hunt showing a threat verdict (Phishing on the new group’s laptop) opens no scope change one approver could approve: the approvers are told instead', async () => {
    world.evidence.setEvents(HOST, [sales]);
    const opened = await report(ALICE);
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    world.clock.advance(60_000);
    await decideRequest(world.deps, { requestId: opened.view.request.id, deciderId: APPROVER, decision: 'approve', durationValue: undefined, clickedMessage: opened.view.request.approvalMessage! });
    world.evidence.setEvents(HOST, [sales, { ...finance, category: 'Phishing' }]);
    await report(CAROL);
    const view = (await world.deps.store.view(opened.view.request.id))!;
    expect(view.request.scopeChange ?? null).toBeNull();
    expect(world.notifier.scopeChanges).toEqual([]);
    expect(world.notifier.threadNotes.at(-1)!.note).toEqual({ kind: 'scope_not_covered', groups: ['Finance-Laptops'], ungrouped: false, reporterId: CAROL });
  });

  it('whoever reported the scope change cannot approve it, even an approver', async () => {
    world.evidence.setEvents(HOST, [sales]);
    const opened = await report(ALICE);
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    world.clock.advance(60_000);
    await decideRequest(world.deps, { requestId: opened.view.request.id, deciderId: APPROVER, decision: 'approve', durationValue: undefined, clickedMessage: opened.view.request.approvalMessage! });
    world.evidence.setEvents(HOST, [sales, finance]);
    await report(APPROVER_2);
    expect(await click(opened.view.request.id, APPROVER_2)).toEqual({ ok: false, error: { code: 'self_approval_forbidden' } });
    expect(world.indicators.submissions.map((s) => s.rbacGroupNames)).toEqual([['Sales']]);
  });

  it('a threat verdict’s allow (two approvers) is not widened by a scope change: the approvers are told instead', async () => {
    world.evidence.setEvents(HOST, [{ ...sales, category: 'Phishing' }]);
    const opened = await report(ALICE);
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    world.clock.advance(60_000);
    for (const deciderId of [APPROVER, APPROVER_2]) {
      const request = (await world.deps.store.get(opened.view.request.id))!;
      await decideRequest(world.deps, { requestId: request.id, deciderId, decision: 'approve', durationValue: undefined, clickedMessage: request.approvalMessage! });
    }
    world.evidence.setEvents(HOST, [{ ...sales, category: 'Phishing' }, { ...finance, category: 'Phishing' }]);
    await report(CAROL);
    // No proposal one approver could approve: the approvers are told in the thread instead.
    expect((await world.deps.store.view(opened.view.request.id))!.request.scopeChange ?? null).toBeNull();
    expect(world.notifier.threadNotes.at(-1)!.note).toMatchObject({ kind: 'scope_not_covered', groups: ['Finance-Laptops'] });
    expect(world.indicators.submissions).toHaveLength(1);
  });
});
