import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DatabaseSettings } from '../../src/adapters/db/database.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What `npm run audit:export` printed and how it ended. */
export interface ExportRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The child's peak resident set size in KiB (see report-max-rss.ts). */
  readonly maxRssKiB: number;
}

/**
 * Runs src/audit-export.ts as its own process with Node 24 (as `npm run audit:export` does), against
 * `settings` through DATABASE_URL / DATA_DIR only, from a directory without a .env; `nodeFlags` go
 * to node before the script.
 */
export function runAuditExport(settings: DatabaseSettings, args: readonly string[], options: { nodeFlags?: readonly string[] } = {}): Promise<ExportRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${ROOT}node_modules/.bin/node`, [...(options.nodeFlags ?? []), '--import', `${ROOT}test/support/report-max-rss.ts`, `${ROOT}src/audit-export.ts`, ...args], {
      cwd: '/',
      env: {
        PATH: process.env.PATH ?? '',
        ...(settings.url ? { DATABASE_URL: settings.url } : { DATA_DIR: settings.dataDir }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      const rss = /\nmaxRSS (\d+)\n$/.exec(stderr);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: stderr.replace(/\nmaxRSS \d+\n$/, ''), maxRssKiB: rss ? Number(rss[1]) : NaN });
    });
  });
}
