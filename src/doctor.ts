import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { scrubText } from './shared/credential-shapes.ts';
import { exitCode } from './doctor/check-result.ts';
import { renderReport } from './doctor/render-report.ts';
import { runDoctor } from './doctor/run-doctor.ts';

/**
 * `npm run doctor`: checks a deployment (configuration, database, Slack, Entra ID, Graph, Defender)
 * and prints one line per check with ✓ or ✗ and the fix. Exit code 0 only when every check passed.
 * Reads the settings as `npm start` does (the environment over ./.env); starts nothing.
 */
function environment(): Record<string, string | undefined> {
  const fromFile = existsSync('.env') ? parseEnv(readFileSync('.env', 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

/** Every value that may be a secret, so the report can never show one, even inside a vendor's text. */
const SECRET_SETTINGS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'AZURE_CLIENT_SECRET', 'DATABASE_URL', 'METRICS_TOKEN'];

/**
 * The passwords inside DATABASE_URL, which may also appear on their own: as written and decoded
 * (a bare `%` that is no escape, which the pg driver accepts, stays as written).
 */
function databasePasswords(url: string | undefined): string[] {
  if (!url || !URL.canParse(url)) return [];
  const raw = new URL(url).password;
  if (raw === '') return [];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded after all: the raw text is the password.
  }
  return [...new Set([raw, decoded])];
}

const env = environment();
const secrets = [...SECRET_SETTINGS.map((name) => env[name]?.trim()), ...databasePasswords(env.DATABASE_URL?.trim())].filter(
  (value): value is string => value !== undefined && value !== '',
);
const results = await runDoctor(env);
const report = scrubText(`Unblock doctor\n\n${renderReport(results)}\n`, secrets);
// Exit once the report is written: open sockets (pg pools, keep-alive agents) must not hold it back.
process.stdout.write(report, () => process.exit(exitCode(results)));
