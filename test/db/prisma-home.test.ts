import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaHomeQueries } from '../../src/adapters/db/prisma-home-queries.ts';
import { PrismaHomeViewers } from '../../src/adapters/db/prisma-home-viewers.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { system, type UnblockRequest } from '../../src/domain/request/request.ts';
import { addJoined, openReported } from '../builders/audit-details.ts';
import { databaseTargets, openMigrated, type TestDatabase } from '../support/test-databases.ts';

const T0 = Date.parse('2026-11-26T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

describe.each(databaseTargets())('App Home reads ($name)', (target) => {
  let database: TestDatabase;
  let db: Database;
  let store: PrismaRequestStore;
  let queries: PrismaHomeQueries;
  let viewers: PrismaHomeViewers;

  beforeEach(async () => {
    database = await target.create({ migrated: true });
    db = await openMigrated(database.settings);
    store = new PrismaRequestStore(db.prisma);
    queries = new PrismaHomeQueries(db.prisma);
    viewers = new PrismaHomeViewers(db.prisma);
  });
  afterEach(async () => {
    await db?.close();
    await database?.drop();
  });

  async function open(n: number, requesterId: string, status: 'pending_approval' | 'investigating' = 'pending_approval'): Promise<UnblockRequest> {
    const value = `portal-${n}.contoso.com`;
    const request = await openReported(store, {
      id: randomUUID(),
      target: { type: 'DomainName', value },
      reportedTarget: `https://${value}`,
      coversSubdomains: false,
      requesterId,
      reason: 'fails',
      at: at(n),
    });
    if (!request) throw new Error('not opened');
    if (status === 'investigating') return request;
    await store.transition({
      id: request.id,
      from: { status: 'investigating', version: request.version },
      to: 'pending_approval',
      record: { event: 'submitted_for_approval' },
      audit: { actor: system('slack'), at: at(n), action: 'request.submitted_for_approval' },
    });
    return request;
  }

  it('pages a user’s reports (as requester or a later reporter), newest report first, with the total', async () => {
    const own = [];
    for (let n = 1; n <= 7; n++) own.push(await open(n, 'U0ALICE'));
    const bobs = await open(20, 'U0BOB');
    await addJoined(store, bobs.id, { userId: 'U0ALICE', reason: 'me too', reportedAt: at(30) });

    const first = await queries.requestsOf('U0ALICE', { offset: 0, limit: 3 });
    expect(first.total).toBe(8);
    expect(first.items.map((v) => v.request.target.value)).toEqual(['portal-20.contoso.com', 'portal-7.contoso.com', 'portal-6.contoso.com']);
    const last = await queries.requestsOf('U0ALICE', { offset: 6, limit: 3 });
    expect(last.items.map((v) => v.request.target.value)).toEqual(['portal-2.contoso.com', 'portal-1.contoso.com']);
    expect((await queries.requestsOf('U0CAROL', { offset: 0, limit: 3 })).total).toBe(0);
  });

  it('pages the requests waiting for approvers, the longest-waiting first, leaving out those still being set up', async () => {
    for (let n = 1; n <= 4; n++) await open(n, `U0USER${n}`);
    await open(5, 'U0USER5', 'investigating');
    const page = await queries.waitingForApproval({ offset: 1, limit: 2 });
    expect(page).toMatchObject({ offset: 1, total: 4 });
    expect(page.items.map((v) => v.request.target.value)).toEqual(['portal-2.contoso.com', 'portal-3.contoso.com']);
    expect((await queries.activeAllows({ offset: 0, limit: 5 })).total).toBe(0);
  });

  it('reads a reporters count per row, never the reporters: a request with a thousand costs a Home row what one with one does', async () => {
    const crowded = await open(1, 'U0ALICE');
    await open(2, 'U0BOB');
    const joiners = Array.from({ length: 1_000 }, (_, i) => ({ requestId: crowded.id, userId: `U0JOIN${i}`, reason: 'me too', reportedAt: at(10) }));
    await db.prisma.reporter.createMany({ data: joiners });

    const waiting = await queries.waitingForApproval({ offset: 0, limit: 5 });
    expect(waiting.items.map((item) => [item.request.target.value, item.reporterCount])).toEqual([
      ['portal-1.contoso.com', 1_001],
      ['portal-2.contoso.com', 1],
    ]);
    const mine = await queries.requestsOf('U0JOIN999', { offset: 0, limit: 10 });
    expect(mine.items.map((item) => item.reporterCount)).toEqual([1_001]);
    // The row carries no reporters at all: Home shows how many, and nothing it read lists them.
    for (const item of [...waiting.items, ...mine.items]) expect(Object.keys(item)).not.toContain('reporters');
    expect(JSON.stringify(mine.items).includes('U0JOIN')).toBe(false);
    // The channel messages still read every reporter.
    expect((await store.view(crowded.id))!.reporters).toHaveLength(1_001);
  });

  it('remembers who opened Home and their pages; the audience of a change is its reporters who opened Home and every approver viewer', async () => {
    await viewers.opened('U0ALICE', false, at(0));
    await viewers.opened('U0APPROVER', true, at(0));
    await viewers.opened('U0CAROL', false, at(0));
    expect(await viewers.audience(['U0ALICE', 'U0DAVE'])).toEqual(['U0ALICE', 'U0APPROVER']);
    expect(await viewers.audience([])).toEqual(['U0APPROVER']);

    await viewers.turnPage('U0ALICE', 'mine', 2);
    await viewers.turnPage('U0ALICE', 'waiting', -3);
    await viewers.turnPage('U0NEVER', 'mine', 4); // never opened Home: nothing to page
    expect(await viewers.pages('U0ALICE')).toEqual({ mine: 2, waiting: 0, active: 0 });
    expect(await viewers.pages('U0NEVER')).toEqual({ mine: 0, waiting: 0, active: 0 });
    // Opening again keeps the pages; an approver who no longer is one stops being refreshed for others' changes.
    await viewers.opened('U0APPROVER', false, at(5));
    await viewers.opened('U0ALICE', false, at(5));
    expect(await viewers.pages('U0ALICE')).toEqual({ mine: 2, waiting: 0, active: 0 });
    expect(await viewers.audience([])).toEqual([]);
  });
});
