import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditDetails } from '../../src/app/ports/audit.ts';
import type { NewRequest } from '../../src/app/ports/request-records.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaAuditTrail } from '../../src/adapters/db/prisma-audit-trail.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { StoredRowError } from '../../src/adapters/db/stored-row-error.ts';
import { slackUser, system } from '../../src/domain/request/request.ts';
import { newHostRequest, openReported } from '../builders/audit-details.ts';
import { databaseTargets, openMigrated, type TestDatabase } from '../support/test-databases.ts';

const AT = new Date('2026-11-26T09:00:00.000Z');
const MINUTE = 60_000;
const later = (minutes: number) => new Date(AT.getTime() + minutes * MINUTE);

const newRequest = (host: string, requesterId: string, at = AT): NewRequest => newHostRequest(host, requesterId, at);

describe.each(databaseTargets())('the audit trail, read side ($name)', (target) => {
  let database: TestDatabase;
  let db: Database;
  let store: PrismaRequestStore;
  let trail: PrismaAuditTrail;

  beforeEach(async () => {
    database = await target.create({ migrated: true });
    db = await openMigrated(database.settings);
    store = new PrismaRequestStore(db.prisma);
    trail = new PrismaAuditTrail(db.prisma);
  });
  afterEach(async () => {
    await db?.close();
    await database?.drop();
  });

  async function twoRequests() {
    const a = (await openReported(store, newRequest('logistics.contoso.com', 'U0ALICE')))!;
    const b = (await openReported(store, newRequest('payroll.contoso.com', 'U0BOB', later(1))))!;
    await store.appendAudit(a.id, { actor: system('reconciler'), at: later(2), action: 'reminder.sent', details: { allowUntil: later(60).toISOString() } });
    await store.appendAudit(b.id, { actor: slackUser('U0ALICE'), at: later(3), action: 'allow.expiry_accepted' });
    return { a, b };
  }

  it('lists entries in the order written with who, what and the status they moved, and filters by request, actor and time range', async () => {
    const { a, b } = await twoRequests();

    const all = await trail.list({ limit: 100 });
    expect(all.map((e) => [e.requestId, e.action, e.actor])).toEqual([
      [a.id, 'request.reported', slackUser('U0ALICE')],
      [b.id, 'request.reported', slackUser('U0BOB')],
      [a.id, 'reminder.sent', system('reconciler')],
      [b.id, 'allow.expiry_accepted', slackUser('U0ALICE')],
    ]);
    expect(all[0]).toMatchObject({ at: AT, fromStatus: null, toStatus: 'investigating', details: { reportedTarget: 'logistics.contoso.com' } });

    expect((await trail.list({ requestId: b.id, limit: 100 })).map((e) => e.action)).toEqual(['request.reported', 'allow.expiry_accepted']);
    expect((await trail.list({ actor: slackUser('U0ALICE'), limit: 100 })).map((e) => e.requestId)).toEqual([a.id, b.id]);
    // [from, to): the entry at `to` belongs to the next page of time.
    expect((await trail.list({ from: later(1), to: later(3), limit: 100 })).map((e) => e.action)).toEqual(['request.reported', 'reminder.sent']);
  });

  it('pages in the order written, so an entry stamped earlier than its neighbour (a slow Defender call) is never skipped', async () => {
    const { a, b } = await twoRequests();
    // Written last, but stamped before the two entries written just before it.
    await store.appendAudit(a.id, { actor: system('reconciler'), at: later(1.5), action: 'allow.drift_detected' });
    await store.appendAudit(b.id, { actor: system('reconciler'), at: later(4), action: 'reminder.sent' });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await trail.list({ limit: 2, ...(after === undefined ? {} : { after }) });
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.action));
      after = page.at(-1)!.id;
    }
    expect(seen).toEqual(['request.reported', 'request.reported', 'reminder.sent', 'allow.expiry_accepted', 'allow.drift_detected', 'reminder.sent']);
  });

  it('pages with a cursor and a limit', async () => {
    await twoRequests();
    const first = await trail.list({ limit: 3 });
    const rest = await trail.list({ after: first.at(-1)!.id, limit: 3 });
    expect(first).toHaveLength(3);
    expect(rest.map((e) => e.action)).toEqual(['allow.expiry_accepted']);
    await expect(trail.list({ after: '1; DROP TABLE "AuditEntry"', limit: 3 })).rejects.toThrow(/cursor/);
    await expect(trail.list({ limit: 0 })).rejects.toThrow(/1 to 1000/);
    await expect(trail.list({ limit: 1001 })).rejects.toThrow(/1 to 1000/);
  });

  it("reads the flat names of earlier releases as today's actions, never rewriting them (the table is append-only)", async () => {
    const { a } = await twoRequests();
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "AuditEntry" ("requestId", "at", "actor", "action", "details") VALUES ($1::uuid, $2, 'slack:U0APPROVER', 'approved', '{}'), ($1::uuid, $3, 'system:activation', 'indicator_created', '{}')`,
      a.id,
      later(10),
      later(11),
    );
    const entries = await trail.list({ requestId: a.id, from: later(10), limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(['request.approved', 'allow.created']);
    expect((await db.prisma.auditEntry.findMany({ where: { requestId: a.id, at: { gte: later(10) } } })).map((e) => e.action)).toEqual(['approved', 'indicator_created']);
  });

  it('refuses to read an entry Unblock never wrote, naming the request and the field', async () => {
    const { a } = await twoRequests();
    await db.prisma.$executeRawUnsafe(`INSERT INTO "AuditEntry" ("requestId", "at", "actor", "action", "details") VALUES ($1::uuid, $2, 'slack:U0MALLORY', 'granted_everything', '{}')`, a.id, later(5));
    const reading = trail.list({ limit: 100 });
    await expect(reading).rejects.toThrow(StoredRowError);
    await expect(trail.list({ limit: 100 })).rejects.toThrow(`request ${a.id}`);
    await expect(trail.list({ limit: 100 })).rejects.toThrow('"granted_everything"');
  });

  it('refuses to write an action outside the vocabulary, and writes nothing', async () => {
    const { a } = await twoRequests();
    const before = await db.prisma.auditEntry.count();
    const forged = { actor: system('test'), at: later(5), action: 'allow.granted_forever' } as unknown as AuditDetails;
    await expect(store.appendAudit(a.id, forged)).rejects.toThrow(/allow\.granted_forever|Invalid/);
    expect(await db.prisma.auditEntry.count()).toBe(before);
  });

  it('refuses to read an evidence summary that does not read as Unblock writes it, naming the field (a missing threat list would drop the second approver)', async () => {
    const { a } = await twoRequests();
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "Evidence" ("requestId", "outcome", "collectedAt", "lookback", "summary") VALUES ($1::uuid, 'found', $2, 'P7D', $3::jsonb)`,
      a.id,
      later(1),
      JSON.stringify({ totalEvents: 3, truncated: false, blocked: 3, audited: 0, smartScreenWarnings: 0, deviceCount: 1, devices: [], firstSeen: null, lastSeen: null, processes: [], categories: [{ name: 'Phishing', count: 3 }], samples: [] }),
    );
    await expect(store.view(a.id)).rejects.toThrow(StoredRowError);
    await expect(store.view(a.id)).rejects.toThrow(/threatCategories/);
  });
});
