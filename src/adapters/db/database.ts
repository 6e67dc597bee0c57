import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import type { OnLockLost } from './data-dir-lock.ts';
import { withWholeScripts } from './whole-script-adapter.ts';

export interface DatabaseSettings {
  /** postgres:// URL of a server; undefined means embedded PGlite. */
  readonly url: string | undefined;
  /** Where PGlite keeps its files: a path or `file://` and a path (see parsePgliteDataDir); `memory://` keeps nothing. */
  readonly dataDir: string;
}

export interface DatabaseEvents {
  /**
   * Embedded PGlite only: the data directory's lock file was removed or replaced while open (see
   * lockDataDir). It must stop the process at once. Without it, the process crashes.
   */
  readonly onLockLost?: OnLockLost;
  /**
   * Embedded PGlite only: runs once, with the directory locked, before PGlite first opens a
   * directory that holds no database yet (see openMigratedDatabase, which initialises it in a child
   * process). PGlite initialises whatever is still empty afterwards.
   */
  readonly beforeFirstOpen?: (settings: DatabaseSettings) => Promise<void>;
  /**
   * This process works on the database for its parent (the migrations child, see
   * migrateInChildProcess), which holds the locks meanwhile: the PGlite directory's lock (and has
   * PGlite closed), or on PostgreSQL the migration lock, which taken again here would wait for the
   * parent forever. Nothing else may skip the locks.
   */
  readonly locksHeldByParent?: boolean;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly prisma: PrismaClient;
  /**
   * An adapter for the schema engine over ONE connection, closed by the returned function. The
   * engine takes and releases PostgreSQL session locks; over a pool, the release could land on
   * another connection and leave the lock held by an idle one.
   */
  openMigrationAdapter(): Promise<{ adapter: SqlMigrationAwareDriverAdapterFactory; close: () => Promise<void> }>;
  /** Runs `work` while holding the lock that keeps replicas from migrating at the same time. */
  withMigrationLock<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Lets another process (the migrations child) work on this database: `work` gets the settings
   * to open it with, and runs under the migration lock. Embedded PGlite is closed meanwhile, keeping
   * the directory locked, and opened again afterwards, with a new `prisma`.
   */
  lend<T>(work: (settings: DatabaseSettings) => Promise<T>): Promise<T>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Arbitrary constant shared by every Unblock replica: pg_advisory_lock key for migrations.
const MIGRATION_LOCK_KEY = 7_246_311_001;

/**
 * Opens the PostgreSQL server at `settings.url`, or else embedded PGlite in `settings.dataDir`,
 * locked for this process (lockDataDir; its errors are thrown as they are).
 */
export function openDatabase(settings: DatabaseSettings, events: DatabaseEvents = {}): Promise<Database> {
  if (settings.url) return openPostgres(settings.url, events);
  // PGlite's JavaScript and the data-directory lock load only for the embedded database, so a bot
  // on a PostgreSQL server never holds them.
  return import('./embedded-database.ts').then(({ openPglite }) => openPglite(settings.dataDir, events));
}

async function openPostgres(serverUrl: string, events: DatabaseEvents): Promise<Database> {
  const url = utcSessions(serverUrl);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  const pool = quietPool(url, 2);
  await requireUtcSessions(pool);
  const withMigrationLock = async <T>(work: () => Promise<T>): Promise<T> => {
    if (events.locksHeldByParent) return work();
    const session = await pool.connect();
    try {
      await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      return await work();
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
      session.release();
    }
  };
  return {
    kind: 'postgres',
    prisma,
    openMigrationAdapter: async () => {
      const single = quietPool(url, 1);
      const adapter = withWholeScripts(new PrismaPg(single), async (script) => {
        await single.query(script);
      });
      return { adapter, close: () => single.end() };
    },
    withMigrationLock,
    lend: (work) => withMigrationLock(() => work({ url: serverUrl, dataDir: '' })),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * The connection URL with every session's TimeZone set to UTC, whatever the server's, database's or
 * role's default. Prisma's pg adapter writes a `Date` as a timestamp without an offset, which
 * PostgreSQL reads in the session's time zone, and on reading replaces the offset PostgreSQL sends
 * with `+00:00` without converting (prisma/orm#26786, #28629): on a server whose TimeZone is not UTC
 * every stored instant would be off by the zone's offset while round-trips through Prisma look
 * right. The setting goes into the startup `options` parameter (after any the operator gave, so it
 * wins), so it holds for every pooled connection from its first query.
 */
export function utcSessions(url: string): string {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', [options, '-c TimeZone=UTC'].filter(Boolean).join(' '));
  return parsed.toString();
}

/** The PostgreSQL sessions do not run in UTC, so stored instants would be off (see utcSessions). */
export class SessionTimeZoneError extends Error {
  readonly code = 'database_time_zone';
  constructor(zone: string) {
    super(
      `the PostgreSQL sessions at DATABASE_URL run in time zone ${zone}, not UTC, so every stored time would be off by its offset. ` +
        'Something between Unblock and the server ignores the connection\'s TimeZone option (a connection pooler such as PgBouncer does): ' +
        "set the time zone of Unblock's role or database instead (ALTER ROLE <role> SET TimeZone = 'UTC'), or connect to the server directly.",
    );
    this.name = 'SessionTimeZoneError';
  }
}

/**
 * Checks that a session opened with the same URL as Prisma's runs in UTC: the `options` startup
 * parameter that utcSessions adds is dropped by some connection poolers, and nothing else would
 * tell. Throws SessionTimeZoneError, or pg's own error (ECONNREFUSED …) when the server does not answer.
 */
export async function requireUtcSessions(db: Pick<pg.Pool, 'query'>): Promise<void> {
  const { rows } = await db.query<{ zone: string }>(`SELECT current_setting('TimeZone') AS zone`);
  const row = rows[0];
  const zone = row?.zone ?? 'unknown';
  if (!['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Zulu', 'UCT', 'Etc/UCT', 'Universal', 'Etc/Universal'].includes(zone)) throw new SessionTimeZoneError(zone);
}

/**
 * A pg pool that survives the server dropping an idle connection (restart, failover, admin
 * shutdown): pg removes the broken client and reconnects on the next query, but emits 'error' on the
 * pool first, which would crash the process if nobody listened.
 */
function quietPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  return pool;
}
