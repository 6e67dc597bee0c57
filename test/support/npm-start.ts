import { readFileSync } from 'node:fs';

/**
 * package.json's start script (`NAME=value … node <args>`) as `npm start` runs it: the environment
 * it sets and the arguments it gives node (flags, then `src/main.ts`), so a test's bot, or the
 * sandbox's, runs exactly as `npm start` would. Throws if the script does not run node.
 */
export function npmStart(): { env: Record<string, string>; args: string[] } {
  const script = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[0] ?? '')) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  if (words.shift() !== 'node') throw new Error(`package.json's start script does not run node: ${script}`);
  return { env, args: words };
}
