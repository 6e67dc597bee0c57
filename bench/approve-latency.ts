import { requestIdOf, visibleText } from '../test/support/e2e-harness.ts';
import { blockActionBody, postSigned } from '../test/support/slack-requests.ts';
import { BURST_HOSTS, settle } from './burst.ts';
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

/**
 * Clicks Approve on up to `count` pending approval messages, one at a time, as the approver, and
 * times each from sending the signed block_actions to the Defender stand-in receiving the
 * POST /api/indicators for that host. Waits for the bot to finish each approval before the next.
 */
export async function approveLatency(port: number, standIns: StandIns, count: number): Promise<ApproveLatency> {
  const latenciesMs: number[] = [];
  const problems: string[] = [];
  const pending = standIns.slack
    .parents(APPROVAL_CHANNEL)
    .map((message) => ({ message, requestId: pendingRequestId(message), host: BURST_HOSTS.find((h) => visibleText(message).includes(h)) }))
    .filter((p) => p.requestId !== undefined && p.host !== undefined)
    .slice(0, count);
  if (pending.length < count) problems.push(`approve: only ${pending.length} pending approval messages to click (${count} wanted)`);
  for (const [n, { message, requestId, host }] of pending.entries()) {
    const sentAt = performance.now();
    const ack = await postSigned({
      url: `http://127.0.0.1:${port}/slack/events`,
      secret: BENCH_SECRETS.signingSecret,
      body: blockActionBody({ actionId: 'unblock_approve', value: requestId!, userId: APPROVER, channelId: message.channel, messageTs: message.ts, responseUrl: standIns.slack.responseUrl(`approve-${n}`) }),
    });
    const posted = await arrival(standIns, host!, sentAt, 10_000);
    if (ack.status !== 200) problems.push(`approve ${host}: ack HTTP ${ack.status}`);
    if (posted === undefined) problems.push(`approve ${host}: no POST /api/indicators within 10 s`);
    else latenciesMs.push(posted - sentAt);
    await settle(standIns, { quietMs: 300, timeoutMs: 10_000 });
  }
  return { latenciesMs, problems };
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
