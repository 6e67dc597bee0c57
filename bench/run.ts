/**
 * `npm run bench`: issue 8's targets, measured against the loopback stand-ins of test/http-fakes, with
 * the bot in its own process as `npm start` runs it. On embedded PGlite, and also on PostgreSQL
 * when BENCH_DATABASE_URL names a server (a fresh database is created on it for each bot, and dropped).
 *  1. a burst of 1,000 signed /portal-blocked in 10 s from 250 people over 20 hosts;
 *  2. the same burst with the Slack stand-in enforcing 1 chat.postMessage per second per channel;
 *  3. Approve click → Defender POST /api/indicators, p50 over 20 approvals;
 *  4. a reconcile round with 10 due among 15,000 active allows ÷ the same among 150;
 *  5. the bot's resident memory (idle, peak at first start, after the burst) and restart to healthy.
 * Prints a table and writes bench/results.json. A missed target prints MISS with its figure; the
 * exit code is 0 unless the benchmark itself could not run. Nothing here runs in `npm test`.
 */
import '../test/support/trust-test-ca.ts';
import { SLACK_POSTING_LIMIT } from '../test/http-fakes/posting-limit.ts';
import type { DatabaseKind } from './bench-database.ts';
import { BURST } from './burst.ts';
import { formatTable, writeResults, type DatabaseRun } from './results.ts';
import { runDatabase } from './run-database.ts';
import { BENCH_LIMITS } from './stand-ins.ts';

const serverUrl = process.env.BENCH_DATABASE_URL?.trim() || undefined;
const kinds: DatabaseKind[] = serverUrl ? ['pglite', 'postgres'] : ['pglite'];

const settings = {
  burst: `${BURST.people * BURST.hostsPerPerson} commands in ${BURST.windowMs / 1000} s, ${BURST.people} people × ${BURST.hostsPerPerson} of ${BURST.hosts} hosts`,
  slackLimitInScenario2: `chat.postMessage ${SLACK_POSTING_LIMIT.perSecond}/s per channel, burst ${SLACK_POSTING_LIMIT.burst}`,
  perUserLimits: Object.entries(BENCH_LIMITS).map(([k, v]) => `${k}=${v}`).join(' '),
};

console.log(`Unblock benchmark: node ${process.version}, ${kinds.join(' + ')}`);
console.log(`Per-user report limits lifted for the burst: ${settings.perUserLimits} (src/config.ts).`);
const runs: DatabaseRun[] = [];
for (const kind of kinds) runs.push(await runDatabase(kind, serverUrl));

console.log(formatTable(runs));
const resultsFile = new URL('./results.json', import.meta.url);
await writeResults(resultsFile, runs, settings);
const misses = runs.flatMap((r) => r.rows).filter((r) => r.verdict === 'MISS').length;
console.log(`\n${misses} target(s) missed. Results written to bench/results.json.`);
// Stand-ins and clients may keep sockets open; everything is stopped, so end here.
process.exit(0);
