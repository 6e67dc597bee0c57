import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DatabaseSettings } from './database.ts';
import type { MigrationJob, MigrationOutcome } from './migration-process.ts';

const CHILD = fileURLToPath(new URL('./migration-process.ts', import.meta.url));

/** A migration failed in the child; `code` is the original error's (a PostgreSQL SQLSTATE, a Prisma P-code…). */
export class MigrationError extends Error {
  readonly code: string;
  constructor(message: string, code = 'migration_failed') {
    super(message);
    this.name = 'MigrationError';
    this.code = code;
  }
}

/**
 * Applies the pending migrations of `settings` in a child Node process (migration-process.ts) and
 * returns their names. The schema engine is WebAssembly that, once loaded, stays in its process
 * (its glue keeps the instance in module state): about 140 MB resident, and with PGlite's first
 * start also initdb's peak. In a child, all of it is returned to the system when the child exits,
 * and the bot's own peak stays that of its work. For embedded PGlite the caller must hold the
 * directory lock and have PGlite closed meanwhile (Database.lend).
 */
export function migrateInChildProcess(settings: DatabaseSettings, migrationsDir?: string): Promise<string[]> {
  const job: MigrationJob = { settings, migrationsDir };
  // The child is the same Node with no flags: the parent's may be a test runner's.
  const child = fork(CHILD, [JSON.stringify(job)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let outcome: MigrationOutcome | undefined;
    child.on('message', (message) => {
      outcome = message as MigrationOutcome;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (outcome && 'applied' in outcome) resolve(outcome.applied);
      else if (outcome) reject(new MigrationError(outcome.error.message, outcome.error.code));
      else reject(new MigrationError(`the migrations process stopped (${signal ?? `exit code ${code}`}) before reporting`));
    });
  });
}
