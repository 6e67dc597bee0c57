import { openReported, addJoined } from '../builders/audit-details.ts';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewRequest } from '../../src/app/ports/request-records.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { slackUser, system, type Decision, type UnblockRequest } from '../../src/domain/request/request.ts';
import { databaseTargets, openMigrated, type TestDatabase } from '../support/test-databases.ts';

const AT = new Date('2026-11-26T09:00:00.000Z');
const TARGET = { type: 'DomainName', value: 'logistics.contoso.com' } as const;

function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    id: randomUUID(),
    target: TARGET,
    reportedTarget: 'https://logistics.contoso.com/login',
    coversSubdomains: false,
    requesterId: 'U0ALICE',
    reason: 'shipping app fails',
    at: AT,
    ...overrides,
  };
}

const denial = (deciderId: string): Decision => ({ outcome: 'denied', deciderId, decidedAt: AT, duration: null, allowUntil: null, indicator: null, rbacGroupNames: [] });

describe.each(databaseTargets())('PrismaRequestStore ($name)', (target) => {
  let database: TestDatabase;
  let db: Database;
  let store: PrismaRequestStore;

  beforeEach(async () => {
    database = await target.create({ migrated: true });
    db = await openMigrated(database.settings);
    store = new PrismaRequestStore(db.prisma);
  });
  afterEach(async () => {
    await db?.close();
    await database?.drop();
  });

  const counts = async () => ({
    requests: await db.prisma.unblockRequest.count(),
    reporters: await db.prisma.reporter.count(),
    audit: await db.prisma.auditEntry.count(),
  });
  async function opened(overrides: Partial<NewRequest> = {}): Promise<UnblockRequest> {
    const request = await openReported(store, newRequest(overrides));
    if (!request) throw new Error('expected the request to open');
    return request;
  }
  const submit = (request: UnblockRequest) =>
    store.transition({
      id: request.id,
      from: { status: request.status, version: request.version },
      to: 'pending_approval',
      record: { event: 'submitted_for_approval' },
      audit: { actor: system('slack'), at: AT, action: 'request.submitted_for_approval' },
    });

  it('opens an investigating request with its requester as first reporter', async () => {
    const request = await opened();
    expect(request).toMatchObject({ status: 'investigating', version: 0, target: TARGET, approvalMessage: null });
    expect(await store.findOpenByTarget(TARGET)).toEqual(request);
    expect(await counts()).toEqual({ requests: 1, reporters: 1, audit: 1 });
  });

  it('refuses, writing nothing, to open a second request for a target that has an open one', async () => {
    const first = await opened();
    expect(await openReported(store, newRequest({ requesterId: 'U0BOB' }))).toBeNull();
    expect(await counts()).toEqual({ requests: 1, reporters: 1, audit: 1 });
    expect((await store.findOpenByTarget(TARGET))?.id).toBe(first.id);
  });

  it('opens exactly one of several requests for the same target racing to open', async () => {
    const results = await Promise.all(['U0A', 'U0B', 'U0C', 'U0D'].map((requesterId) => openReported(store, newRequest({ requesterId }))));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await counts()).toEqual({ requests: 1, reporters: 1, audit: 1 });
  });

  it('lets exactly one of two transitions from the same status and version win', async () => {
    const request = await opened();
    const results = await Promise.all([submit(request), submit(request)]);

    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    const row = await store.get(request.id);
    expect(row).toMatchObject({ status: 'pending_approval', version: 1, approvalMessage: null });
    const audit = await db.prisma.auditEntry.findMany({ where: { action: 'request.submitted_for_approval' } });
    expect(audit).toHaveLength(1);
  });

  it('writes nothing for a transition from a stale version', async () => {
    const request = await opened();
    const pending = (await submit(request))!;
    const stale = { ...pending, version: pending.version - 1 };
    const before = await counts();

    const result = await store.transition({
      id: request.id,
      from: { status: stale.status, version: stale.version },
      to: 'denied',
      record: { event: 'denied', decision: denial('U0APPROVER') },
      audit: { actor: slackUser('U0APPROVER'), at: AT, action: 'request.denied' },
    });

    expect(result).toBeNull();
    expect(await counts()).toEqual(before);
    expect(await db.prisma.decision.count()).toBe(0);
    expect((await store.get(request.id))?.status).toBe('pending_approval');
  });

  it('records an approval by compare-and-set: the version moves, the status stays, a stale version writes nothing', async () => {
    const pending = (await submit(await opened()))!;
    const approval = { approverId: 'U0APPROVER', at: AT, duration: 'P1D', indicatorType: 'DomainName' as const, rbacGroupNames: ['Sales'] };
    const record = (version: number, approverId: string) =>
      store.recordApproval({
        id: pending.id,
        from: { status: 'pending_approval', version },
        approval: { ...approval, approverId },
        audit: { actor: slackUser(approverId), at: AT, action: 'request.approval_recorded' },
      });

    const racing = await Promise.all([record(pending.version, 'U0APPROVER'), record(pending.version, 'U0APPROVER2')]);
    expect(racing.filter(Boolean)).toHaveLength(1);
    const after = await counts();
    expect(await record(pending.version, 'U0APPROVER3')).toBe(false);

    expect(await counts()).toEqual(after);
    expect(await store.get(pending.id)).toMatchObject({ status: 'pending_approval', version: pending.version + 1 });
    const view = (await store.view(pending.id))!;
    expect(view.approvals).toHaveLength(1);
    expect(view.approvals[0]).toMatchObject({ at: AT, duration: 'P1D', indicatorType: 'DomainName', rbacGroupNames: ['Sales'] });
    expect(await db.prisma.auditEntry.count({ where: { action: 'request.approval_recorded', fromStatus: 'pending_approval', toStatus: 'pending_approval' } })).toBe(1);
  });

  it.each([
    { to: 'failed' as const },
    { to: 'denied' as const },
  ])('clears the open key on $to, so the target can be reported again', async ({ to }) => {
    let request = await opened();
    if (to === 'denied') request = (await submit(request))!;
    const closed = await store.transition({
      id: request.id,
      from: { status: request.status, version: request.version },
      to,
      record: to === 'denied' ? { event: 'denied', decision: denial('U0APPROVER') } : { event: 'publish_failed' },
      audit: { actor: system('test'), at: AT, action: to === 'denied' ? 'request.denied' : 'request.abandoned' },
    });

    expect(closed?.status).toBe(to);
    expect((await db.prisma.unblockRequest.findUniqueOrThrow({ where: { id: request.id } })).openKey).toBeNull();
    expect(await store.findOpenByTarget(TARGET)).toBeNull();
    const reopened = await opened({ requesterId: 'U0BOB' });
    expect((await store.findOpenByTarget(TARGET))?.id).toBe(reopened.id);
  });

  it('adds each reporter once, however often (or concurrently) they report', async () => {
    const request = await opened();
    const bob = { userId: 'U0BOB', reason: 'me too', reportedAt: AT };

    expect(await addJoined(store, request.id, bob)).toBe(true);
    expect(await addJoined(store, request.id, bob)).toBe(false);
    expect(await addJoined(store, request.id, { userId: 'U0ALICE', reason: 'again', reportedAt: AT })).toBe(false);
    const racing = await Promise.all([1, 2, 3].map(() => addJoined(store, request.id, { ...bob, userId: 'U0CAROL' })));

    expect(racing.filter(Boolean)).toHaveLength(1);
    expect((await store.view(request.id))?.reporters.map((r) => r.userId).sort()).toEqual(['U0ALICE', 'U0BOB', 'U0CAROL']);
    expect(await db.prisma.auditEntry.count({ where: { action: 'request.joined' } })).toBe(2);
  });
});
