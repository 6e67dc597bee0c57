import { requestIdOf, visibleText } from '../test/support/e2e-harness.ts';
import { huntingRow } from '../test/builders/hunting-rows.ts';
import { blockActionBody, postSigned, slashCommandBody } from '../test/support/slack-requests.ts';
import { settle } from './burst.ts';
import { APPROVAL_CHANNEL, APPROVER, BENCH_SECRETS, type StandIns } from './stand-ins.ts';

/** Click → Defender latencies (ms), and why some approvals gave none. */
export interface ApproveLatency {
  readonly latenciesMs: number[];
  readonly problems: string[];
}

/** The Approve button's request id, or undefined when the message has none (already decided). */
function pendingRequestId(message: Parameters<typeof requestIdOf>[0]): string | undefined {
  try {
    return requestIdOf(message);
  } catch {
    return undefined;
  }
}

/** A bot to drive: its port and CPU time (for settle). */
export interface RunningBot {
  readonly port: number;
  cpuMs(): number;
}

const approveHost = (n: number) => `approve-${String(n + 1).padStart(2, '0')}.contoso.com`;

/**
 * Opens `count` new requests (one report each, hosts of their own with block events), waits for
 * their approval messages, then clicks Approve on each, one at a time, as the approver, and times
 * each from sending the signed block_actions to the Defender stand-in receiving the
 * POST /api/indicators for that host. Waits for the bot to finish each approval before the next.
 */
export async function approveLatency(bot: RunningBot, standIns: StandIns, count: number): Promise<ApproveLatency> {
  const latenciesMs: number[] = [];
  const problems: string[] = [];
  const events = `http://127.0.0.1:${bot.port}/slack/events`;
  const hosts = Array.from({ length: count }, (_, n) => approveHost(n));
  standIns.graph.addEvents(hosts.map((host) => huntingRow({ at: new Date(Date.now() - 3_600_000).toISOString(), device: 'LAPTOP-APPROVE', url: `https://${host}/` })));
  for (const [n, host] of hosts.entries()) {
    const userId = `U0APPROVE${String(n).padStart(2, '0')}`;
    await postSigned({ url: events, secret: BENCH_SECRETS.signingSecret, body: slashCommandBody({ text: `https://${host}/ blocked`, userId, responseUrl: standIns.slack.responseUrl(`open-${n}`) }) });
  }
  const pending = await pendingMessages(standIns, hosts, 60_000);
  await settle(standIns, { quietMs: 1_000, timeoutMs: 30_000, cpuMs: () => bot.cpuMs() });
  if (pending.length < count) problems.push(`approve: only ${pending.length} of ${count} approval messages were posted within 60 s`);
  for (const [n, { message, requestId, host }] of pending.entries()) {
    const sentAt = performance.now();
    const ack = await postSigned({
      url: events,
      secret: BENCH_SECRETS.signingSecret,
      body: blockActionBody({ actionId: 'unblock_approve', value: requestId, userId: APPROVER, channelId: message.channel, messageTs: message.ts, responseUrl: standIns.slack.responseUrl(`approve-${n}`) }),
    });
    const posted = await arrival(standIns, host, sentAt, 10_000);
    if (ack.status !== 200) problems.push(`approve ${host}: ack HTTP ${ack.status}`);
    if (posted === undefined) problems.push(`approve ${host}: no POST /api/indicators within 10 s`);
    else latenciesMs.push(posted - sentAt);
    await settle(standIns, { quietMs: 500, timeoutMs: 10_000, cpuMs: () => bot.cpuMs() });
  }
  return { latenciesMs, problems };
}

/** The approval messages of `hosts` that carry an Approve button, as soon as all are there or `timeoutMs` passed. */
async function pendingMessages(standIns: StandIns, hosts: readonly string[], timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = hosts.flatMap((host) => {
      const message = standIns.slack.parents(APPROVAL_CHANNEL).find((m) => visibleText(m).includes(host));
      const requestId = message && pendingRequestId(message);
      return message && requestId ? [{ message, requestId, host }] : [];
    });
    if (found.length === hosts.length || performance.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** When Defender received the POST of an indicator for `host` after `since`, waiting up to `timeoutMs`. */
async function arrival(standIns: StandIns, host: string, since: number, timeoutMs: number): Promise<number | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const found = standIns.defender.arrivals.find(
      (a) => a.at >= since && a.request.method === 'POST' && a.request.path === '/api/indicators' && indicatorValue(a.request.body) === host,
    );
    if (found) return found.at;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

function indicatorValue(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { indicatorValue?: string }).indicatorValue;
  } catch {
    return undefined;
  }
}
