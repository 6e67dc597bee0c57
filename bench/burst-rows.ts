import { BURST, BURST_HOSTS, isBenchPerson, type BurstAcks } from './burst.ts';
import { reportersShown } from './reporters-shown.ts';
import { checked, info, type Row } from './results.ts';
import { APPROVAL_CHANNEL, type StandIns } from './stand-ins.ts';
import { channelRates, percentile } from './stats.ts';

/** Slack's limit for acknowledging a command or click (slack.md §1.2). */
const SLACK_ACK_MS = 3_000;
const EACH_HOST_REPORTERS = (BURST.people * BURST.hostsPerPerson) / BURST.hosts;

const ms = (value: number | null) => (value === null ? null : Math.round(value));

/** The acks of a burst: p50, p99 and max, and how many Slack would have given up on. */
export function ackRows(scenario: string, acks: BurstAcks, options: { checkP99: boolean }): Row[] {
  const p99 = ms(percentile(acks.acksMs, 0.99));
  const late = acks.acksMs.filter((a) => a > SLACK_ACK_MS).length + acks.failed;
  return [
    info(scenario, 'ack p50', ms(percentile(acks.acksMs, 0.5)), 'ms'),
    options.checkP99 ? checked(scenario, 'ack p99', p99, 'ms', { atMost: 300 }) : info(scenario, 'ack p99', p99, 'ms'),
    info(scenario, 'ack max', ms(acks.acksMs.length ? Math.max(...acks.acksMs) : null), 'ms'),
    checked(scenario, 'commands not acked within 3 s (or failed)', late, '', { exactly: 0 }, { figure: `${late} of ${BURST.people * BURST.hostsPerPerson}${acks.firstError ? ` (${acks.firstError})` : ''}` }),
  ];
}

/** What the approvers' channel shows after the burst: approval messages, and reporters per host. */
export function channelRows(scenario: string, standIns: StandIns): Row[] {
  const messages = standIns.slack.messages.filter((m) => m.channel === APPROVAL_CHANNEL);
  const hosts = reportersShown({ hosts: BURST_HOSTS, channelMessages: messages, isReporter: isBenchPerson });
  const parents = messages.filter((m) => m.thread_ts === undefined).length;
  const hostsWithMessage = hosts.filter((h) => h.approvalMessages > 0).length;
  const counts = hosts.map((h) => h.shownCount);
  const minShown = counts.includes(null) ? null : Math.min(...(counts as number[]));
  const minNamed = Math.min(...hosts.map((h) => h.mentioned));
  return [
    checked(scenario, 'approval messages', parents, '', { exactly: BURST.hosts }, { figure: `${parents} (${hostsWithMessage} of ${BURST.hosts} hosts)` }),
    checked(scenario, 'reporters counted in the approval message, min over hosts', minShown, '', { exactly: EACH_HOST_REPORTERS }, {
      why: `${counts.filter((c) => c === null).length} of ${BURST.hosts} messages show no "N reporters"`,
    }),
    checked(scenario, 'reporters named in message + thread, min over hosts', minNamed, '', { exactly: EACH_HOST_REPORTERS }),
  ];
}

/** Scenario 1's figures from the stand-ins: hunting calls, the channel, and Slack writes per channel per second. */
export function burstRows(scenario: string, standIns: StandIns, acks: BurstAcks, settled: boolean): Row[] {
  const rates = channelRates(standIns.slack.writes);
  const busiest = rates[0];
  const peak = rates.length ? Math.max(...rates.map((r) => r.peakPerSecond)) : null;
  return [
    ...ackRows(scenario, acks, { checkP99: true }),
    checked(scenario, 'hunting queries', standIns.graph.queries.length, '', { exactly: BURST.hosts }),
    ...channelRows(scenario, standIns),
    checked(scenario, 'Slack writes per channel per second, average', busiest ? round2(busiest.averagePerSecond) : null, '/s', { atMost: 2 }, {
      ...(busiest ? { figure: `${round2(busiest.averagePerSecond)}/s (${busiest.writes} in ${Math.round(busiest.spanSeconds)} s, ${busiest.channel})` } : {}),
      why: 'no writes',
    }),
    checked(scenario, 'Slack writes per channel per second, peak', peak, '/s', { atMost: 5 }, { why: 'no writes' }),
    info(scenario, 'Slack writes in all', standIns.slack.writes.length, '', `${standIns.slack.writes.length}${settled ? '' : ' (bot still busy at the timeout)'}`),
  ];
}

/** Scenario 2's figures: everything still shown under Slack's limit, nothing closed as undelivered. */
export function limitedBurstRows(scenario: string, standIns: StandIns, acks: BurstAcks, settled: boolean, undelivered: number | null): Row[] {
  return [
    ...ackRows(scenario, acks, { checkP99: false }),
    ...channelRows(scenario, standIns),
    checked(scenario, 'requests closed as not delivered', undelivered, '', { exactly: 0 }, { why: 'database not readable' }),
    info(scenario, 'hunting queries', standIns.graph.queries.length, '', `${standIns.graph.queries.length} (${BURST.hosts} wanted)`),
    info(scenario, '429 ratelimited answers', standIns.slack.rateLimited.length, '', `${standIns.slack.rateLimited.length}${settled ? '' : ' (bot still busy at the timeout)'}`),
  ];
}

const round2 = (value: number) => Math.round(value * 100) / 100;
