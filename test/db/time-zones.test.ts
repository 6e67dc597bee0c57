import { openReported } from '../builders/audit-details.ts';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireUtcSessions, SessionTimeZoneError, utcSessions, type Database } from '../../src/adapters/db/database.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { databaseTargets, openMigrated, TEST_DATABASE_TIME_ZONE, type TestDatabase } from '../support/test-databases.ts';

/** An instant with milliseconds, written in New York's winter (UTC-5), read from Kolkata's (UTC+5:30). */
const AT = new Date('2026-12-01T20:30:05.773Z');
const READER_TIME_ZONE = 'Asia/Kolkata';

interface StoredInstant {
  readonly ms: number;
  readonly utc: string;
}

const READ_CREATED_AT = `SELECT (extract(epoch FROM "createdAt") * 1000)::float8 AS ms,
  to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS utc FROM "UnblockRequest"`;

/**
 * Another client of the same database (what psql is), with its own session time zone: it must see
 * the true instant whatever zone the bot's sessions or the database default to.
 */
async function readAsAnotherClient(database: TestDatabase, sql: string, timeZone: string | null = READER_TIME_ZONE): Promise<Array<Record<string, unknown>>> {
  const { url, dataDir } = database.settings;
  if (url) {
    const client = new pg.Client({ connectionString: url, ...(timeZone ? { options: `-c TimeZone=${timeZone}` } : {}) });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const client = new PGlite(dataDir);
  try {
    if (timeZone) await client.exec(`SET TimeZone TO '${timeZone}'`);
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.close();
  }
}

describe.each(databaseTargets())('instants in the database whatever the time zone ($name)', (target) => {
  let database: TestDatabase;
  let db: Database | undefined;

  beforeEach(async () => {
    database = await target.create({ migrated: true });
  });
  afterEach(async () => {
    await db?.close();
    db = undefined;
    await database?.drop();
  });

  const openRequestAt = async (at: Date) => {
    db = await openMigrated(database.settings);
    const store = new PrismaRequestStore(db.prisma);
    const opened = await openReported(store, {
      id: randomUUID(),
      target: { type: 'DomainName', value: 'logistics.contoso.com' },
      reportedTarget: 'logistics.contoso.com',
      coversSubdomains: false,
      requesterId: 'U0ALICE',
      reason: '',
      at,
    });
    return { store, id: opened!.id };
  };

  it('the test database really defaults to a zone other than UTC (so the next tests mean something)', async () => {
    const rows = await readAsAnotherClient(database, `SELECT current_setting('TimeZone') AS zone`, null);
    expect(rows).toEqual([{ zone: TEST_DATABASE_TIME_ZONE }]);
  });

  it('stores the true UTC instant, as another client with another session time zone reads it', async () => {
    const { store, id } = await openRequestAt(AT);
    expect((await store.get(id))!.createdAt).toEqual(AT);
    await db!.close();
    db = undefined;

    const [row] = (await readAsAnotherClient(database, READ_CREATED_AT)) as unknown as StoredInstant[];
    expect(row).toEqual({ ms: AT.getTime(), utc: AT.toISOString() });
  });

  it('reads the true instant of a value another client wrote with an offset', async () => {
    const { id } = await openRequestAt(new Date('2026-01-01T00:00:00.000Z'));
    await db!.close();
    db = undefined;
    await readAsAnotherClient(database, `UPDATE "UnblockRequest" SET "createdAt" = '2026-12-02 02:00:05.773+05:30'`);

    db = await openMigrated(database.settings);
    const read = await new PrismaRequestStore(db.prisma).get(id);
    expect(read!.createdAt.toISOString()).toBe('2026-12-01T20:30:05.773Z');
  });

  // A connection pooler (PgBouncer) may drop the TimeZone startup option: the bot must notice, not drift.
  it.skipIf(target.name !== 'postgres')('refuses to start when its sessions do not run in UTC, naming the fix', async () => {
    const withoutOption = new pg.Client({ connectionString: database.settings.url! });
    await withoutOption.connect();
    try {
      const refused = await requireUtcSessions(withoutOption).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SessionTimeZoneError);
      expect((refused as Error).message).toContain(`run in time zone ${TEST_DATABASE_TIME_ZONE}, not UTC`);
      expect((refused as Error).message).toContain("ALTER ROLE <role> SET TimeZone = 'UTC'");
    } finally {
      await withoutOption.end();
    }
    const withOption = new pg.Client({ connectionString: utcSessions(database.settings.url!) });
    await withOption.connect();
    try {
      await expect(requireUtcSessions(withOption)).resolves.toBeUndefined();
    } finally {
      await withOption.end();
    }
  });
});
