/**
 * `npm run bench`: the speed and memory targets, measured (never asserted in tests).
 *  - parseTarget and summarizeEvidence throughput (pure core);
 *  - slash-command ack latency of the real app (HTTP mode, embedded PGlite, loopback fakes);
 *  - resident memory after the run.
 * Prints one line per target with PASS/FAIL and exits non-zero if any target is missed.
 */
import '../test/support/trust-test-ca.ts';
import { summarizeEvidence } from '../src/domain/evidence/evidence-summary.ts';
import type { BlockEvent } from '../src/domain/evidence/block-event.ts';
import { parseTarget } from '../src/domain/target/parse-target.ts';
import { waitFor } from '../test/fakes/fake-http-server.ts';
import { APPROVAL_CHANNEL, Harness } from '../test/support/e2e-harness.ts';
import { databaseTargets } from '../test/support/test-databases.ts';

interface Target {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly ok: boolean;
  readonly goal: string;
}

const results: Target[] = [];
const record = (name: string, value: number, unit: string, goal: string, ok: boolean) => results.push({ name, value, unit, goal, ok });

function timeOps(run: () => void, iterations: number): number {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return (iterations / (performance.now() - start)) * 1000;
}

const inputs = ['https://logistics.contoso.com/portal/login?x=1', 'LOGISTICS.contoso.com.', 'https://bücher.example.com', '8.8.8.8', '10.0.0.1', 'co.uk', '<https://a.b.contoso.com|x>'];
let i = 0;
const parsePerSecond = timeOps(() => parseTarget(inputs[i++ % inputs.length]!), 50_000);
record('parseTarget', Math.round(parsePerSecond), 'ops/s', '≥ 20,000 ops/s', parsePerSecond >= 20_000);

const events: BlockEvent[] = Array.from({ length: 500 }, (_, n) => ({
  timestamp: new Date(Date.UTC(2026, 10, 1) + n * 60_000),
  deviceId: `d${n % 40}`,
  deviceName: `laptop-${n % 40}`,
  kind: n % 7 === 0 ? 'network_protection_audit' : 'network_protection_block',
  remoteUrl: 'https://logistics.contoso.com/',
  remoteIp: '10.0.0.1',
  remotePort: 443,
  processName: `p${n % 9}.exe`,
  accountName: 'alice',
  category: n % 11 === 0 ? 'Malicious' : 'CustomBlockList',
}));
const summariesPerSecond = timeOps(() => summarizeEvidence(events, 500), 2_000);
record('summarizeEvidence (500 rows)', Math.round(summariesPerSecond), 'ops/s', '≥ 200 ops/s', summariesPerSecond >= 200);

// One requester makes all 100 reports: lift the per-user limits, which would refuse most of them.
const harness = await Harness.start(databaseTargets()[0]!, { LOG_LEVEL: 'warn', MAX_OPEN_REQUESTS_PER_USER: '1000', MAX_REPORTS_PER_HOUR: '1000' });
try {
  const acks: number[] = [];
  const total = 100;
  for (let n = 0; n < total; n++) {
    const start = performance.now();
    const reply = await harness.command(`https://portal-${n}.contoso.com bench`);
    acks.push(performance.now() - start);
    if (reply.status !== 200) throw new Error(`ack ${n} failed with ${reply.status}`);
  }
  await waitFor('all approval messages', () => harness.slack.parents(APPROVAL_CHANNEL).length === total, 120_000);
  acks.sort((a, b) => a - b);
  const p95 = acks[Math.floor(acks.length * 0.95)]!;
  record('slash command ack p50', Math.round(acks[Math.floor(acks.length / 2)]!), 'ms', '—', true);
  record('slash command ack p95', Math.round(p95), 'ms', '≤ 500 ms (Slack allows 3,000)', p95 <= 500);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  record('resident memory after 100 requests', Math.round(rssMb), 'MB', '≤ 768 MB (embedded PostgreSQL included)', rssMb <= 768);
} finally {
  await harness.stop();
}

for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}: ${r.value.toLocaleString('en')} ${r.unit}  (target ${r.goal})`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
