import type { FakeGraph } from '../test/http-fakes/fake-graph.ts';
import { huntingRow } from '../test/builders/hunting-rows.ts';
import { slackSignature, slashCommandBody } from '../test/support/slack-requests.ts';
import { BENCH_SECRETS, type StandIns } from './stand-ins.ts';

/**
 * The company-wide block of issue 8: 1,000 `/portal-blocked` commands within 10 s from 250 people
 * over 20 hosts, each person reporting 4 hosts, so each host has 50 reporters.
 */
export const BURST = { hosts: 20, people: 250, hostsPerPerson: 4, windowMs: 10_000 } as const;

export const hostName = (h: number): string => `portal-${String(h + 1).padStart(2, '0')}.contoso.com`;
export const personId = (p: number): string => `U0BENCH${String(p).padStart(3, '0')}`;
export const isBenchPerson = (userId: string): boolean => /^U0BENCH\d{3}$/.test(userId);
export const BURST_HOSTS: readonly string[] = Array.from({ length: BURST.hosts }, (_, h) => hostName(h));

/** One report of the burst. */
export interface Report {
  readonly userId: string;
  readonly host: string;
}

/**
 * The 1,000 reports in sending order. Person p reports hosts p, p+5, p+10 and p+15 (mod 20): four
 * different hosts, and every host gets exactly 50 people. The order is shuffled with a fixed seed,
 * so runs compare, and a host's reporters arrive spread over the window, not all at once.
 */
export function burstReports(): Report[] {
  const reports: Report[] = [];
  for (let p = 0; p < BURST.people; p++) {
    for (let k = 0; k < BURST.hostsPerPerson; k++) reports.push({ userId: personId(p), host: hostName((p + 5 * k) % BURST.hosts) });
  }
  let seed = 0x2545f491;
  const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  for (let i = reports.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [reports[i], reports[j]] = [reports[j]!, reports[i]!];
  }
  return reports;
}

/** Block events on a few devices for every host, so each hunting query finds evidence. */
export function addBlockEvents(graph: FakeGraph): void {
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  graph.addEvents(
    BURST_HOSTS.flatMap((host, h) =>
      [0, 1, 2].map((d) => huntingRow({ at: at(d + 1), device: `LAPTOP-${h}-${d}`, url: `https://${host}/login`, account: `user${d}` })),
    ),
  );
}

/** How the bot answered the burst: each command's ack time (ms) and the commands that got no 200. */
export interface BurstAcks {
  readonly acksMs: number[];
  readonly failed: number;
  readonly firstError: string | undefined;
}

/**
 * Sends the burst to the bot on `port` as Slack does, each command signed and sent at its slot
 * (evenly over the window) without waiting for earlier ones; times each ack (HTTP response).
 */
export async function sendBurst(port: number, standIns: StandIns): Promise<BurstAcks> {
  const reports = burstReports();
  const slotMs = BURST.windowMs / reports.length;
  const started = performance.now();
  const acksMs: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const sent = reports.map(async (report, n) => {
    const wait = started + n * slotMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = slashCommandBody({ text: `https://${report.host}/login blocked since this morning`, userId: report.userId, responseUrl: standIns.slack.responseUrl(`burst-${n}`) });
    const timestamp = Math.floor(Date.now() / 1000);
    const begun = performance.now();
    try {
      const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': slackSignature(BENCH_SECRETS.signingSecret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      acksMs.push(performance.now() - begun);
      if (response.status !== 200) {
        failed += 1;
        firstError ??= `HTTP ${response.status}`;
      }
    } catch (error) {
      failed += 1;
      firstError ??= describe(error);
    }
  });
  await Promise.all(sent);
  return { acksMs, failed, firstError };
}

/**
 * Waits until the bot has finished its work, or `timeoutMs` passed; returns whether it finished.
 * Finished means that for `quietMs` the stand-ins saw no request (no post, update, retry after a
 * 429, hunting query) and the bot process used under a tenth of a core (`cpuMs`, its CPU time so
 * far): a bot still working through its database shows only as CPU, not as traffic.
 */
export async function settle(standIns: StandIns, options: { quietMs: number; timeoutMs: number; cpuMs?: () => number }): Promise<boolean> {
  const deadline = performance.now() + options.timeoutMs;
  const cpu = options.cpuMs ?? (() => 0);
  let seen = standIns.traffic;
  let cpuSeen = cpu();
  let sampledAt = performance.now();
  let quietSince = sampledAt;
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = performance.now();
    const busy = standIns.traffic !== seen || cpu() - cpuSeen > 0.1 * (now - sampledAt);
    seen = standIns.traffic;
    cpuSeen = cpu();
    sampledAt = now;
    if (busy) quietSince = now;
    else if (now - quietSince >= options.quietMs) return true;
  }
  return false;
}

/** An error of fetch with its cause (undici reports the socket error there: ECONNRESET, UND_ERR_…). */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${String(error)}: ${cause.code ?? cause.message ?? String(cause)}` : String(error);
}
