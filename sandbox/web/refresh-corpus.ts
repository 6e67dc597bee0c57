/**
 * `npm run sandbox:corpus`: refreshes fixtures/e2e-messages.json, every kind of message Unblock
 * sends, taken from the end-to-end suites. Runs `vitest run test/e2e` with SLACK_MESSAGE_CORPUS set
 * (the fake Slack then appends each message it accepts to a JSON-lines file; ~15 min on PGlite),
 * then keeps one message of each shape. `node sandbox/web/refresh-corpus.ts FILE.jsonl` skips the
 * run and reads an existing recording.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupeByShape, type CorpusMessage } from './corpus-shape.ts';

const OUT = fileURLToPath(new URL('./fixtures/e2e-messages.json', import.meta.url));

function record(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'unblock-corpus-')), 'corpus.jsonl');
  const { TEST_DATABASE_URL: _unused, ...env } = process.env;
  const run = spawnSync('npx', ['vitest', 'run', 'test/e2e'], { stdio: 'inherit', env: { ...env, SLACK_MESSAGE_CORPUS: file } });
  if (run.status !== 0) console.warn(`vitest exited ${run.status}: the corpus holds what the passing tests sent`);
  return file;
}

const source = process.argv[2] ?? record();
const lines = readFileSync(source, 'utf8').split('\n').filter((l) => l.trim() !== '');
const messages = dedupeByShape(lines.map((l) => JSON.parse(l) as CorpusMessage));
// One message a line: small, and a refresh diffs message by message.
writeFileSync(OUT, `[\n${messages.map((m) => JSON.stringify(m)).join(',\n')}\n]\n`);
console.log(`${lines.length} messages recorded, ${messages.length} shapes written to ${OUT}`);
