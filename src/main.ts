import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { runBot } from './run-bot.ts';

/** Settings from ./.env, if present; real environment variables win over it. */
function environment(): Record<string, string | undefined> {
  const fromFile = existsSync('.env') ? parseEnv(readFileSync('.env', 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

await runBot({ env: environment() });
