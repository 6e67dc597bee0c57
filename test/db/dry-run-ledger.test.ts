import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaDryRunLedger } from '../../src/adapters/db/prisma-dry-run-ledger.ts';
import { allowIndicatorBody } from '../../src/adapters/defender/allow-indicator-body.ts';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { databaseTargets, openMigrated, type TestDatabase } from '../support/test-databases.ts';

const AT = new Date('2026-11-26T09:00:00.000Z');
const body = (value: string, expiresAt: Date, rbacGroupNames: string[] = []) =>
  allowIndicatorBody({ target: { type: 'DomainName', value }, rbacGroupNames, expiresAt, title: `Unblock #1: ${value}`, description: 'shipping app fails' });

describe.each(databaseTargets())('the dry run ledger ($name)', (target) => {
  let database: TestDatabase;
  let db: Database;
  let ledger: PrismaDryRunLedger;
  const clock = new FakeClock(AT);

  beforeEach(async () => {
    database = await target.create({ migrated: true });
    db = await openMigrated(database.settings);
    ledger = new PrismaDryRunLedger(db.prisma, clock);
  });
  afterEach(async () => {
    await db?.close();
    await database?.drop();
  });

  it("upserts like Defender: a second submit for the same value keeps the id and takes the new expiry and groups; a removed one is gone from reads", async () => {
    const first = await ledger.submit(body('logistics.contoso.com', new Date('2026-11-27T09:00:00Z')), AT);
    const second = await ledger.submit(body('logistics.contoso.com', new Date('2026-11-29T09:00:00Z'), ['Berlin']), AT);
    expect(second.id).toBe(first.id);
    expect(first.id).toMatch(/^dryrun-/);
    expect(await ledger.find({ values: ['logistics.contoso.com'] })).toEqual([
      expect.objectContaining({ id: first.id, action: 'Allowed', expiresAt: new Date('2026-11-29T09:00:00Z'), rbacGroupNames: ['Berlin'] }),
    ]);
    expect((await ledger.claimUnannounced('logistics.contoso.com', AT)).map((w) => w.verb)).toEqual(['create', 'update']);
    expect(await ledger.remove(first.id, AT)).toBe(true);
    expect(await ledger.remove(first.id, AT)).toBe(false);
    expect(await ledger.find({ values: ['logistics.contoso.com'] })).toEqual([]);
  });

  it('a would-be indicator is gone once its expirationTime has passed, as Defender removes an expired indicator', async () => {
    await ledger.submit(body('billing.contoso.com', new Date('2026-11-26T10:00:00Z')), AT);
    expect(await ledger.find({ values: ['billing.contoso.com'] })).toHaveLength(1);
    clock.set(new Date('2026-11-26T10:00:00Z'));
    expect(await ledger.find({ values: ['billing.contoso.com'] })).toEqual([]);
    clock.set(AT);
  });

  it('each would-be write is claimed for telling once, however many replicas ask at the same time', async () => {
    await ledger.submit(body('logistics.contoso.com', new Date('2026-11-27T09:00:00Z')), AT);
    const [indicator] = await ledger.find({ values: ['logistics.contoso.com'] });
    await ledger.remove(indicator!.id, AT);
    await ledger.submit(body('billing.contoso.com', new Date('2026-11-27T09:00:00Z')), AT);
    const replicas = [ledger, new PrismaDryRunLedger(db.prisma, clock), new PrismaDryRunLedger(db.prisma, clock)];
    const claimed = await Promise.all(replicas.map((r) => r.claimUnannounced('logistics.contoso.com', AT)));
    expect(claimed.flat().map((w) => `${w.method} ${w.verb}`).sort()).toEqual(['DELETE delete', 'POST create']);
    expect(await ledger.claimUnannounced('logistics.contoso.com', AT)).toEqual([]);
    expect((await ledger.claimUnannounced('billing.contoso.com', AT)).map((w) => w.path)).toEqual(['/api/indicators']);
  });
});
