import type { PostedMessage } from '../test/http-fakes/fake-slack.ts';
import { visibleText } from '../test/support/e2e-harness.ts';

/** What the approvers' channel tells about one host's reporters. */
export interface HostReporters {
  readonly host: string;
  /** Approval messages (channel parents) about the host; more than one means it was reopened. */
  readonly approvalMessages: number;
  /** The count the approval message shows ("50 reporters", "50 people"), or null when it shows none. */
  readonly shownCount: number | null;
  /** Distinct reporters mentioned (`<@U…>`) in the host's approval messages and their threads. */
  readonly mentioned: number;
}

const SHOWN_COUNT = /(\d+) (?:people|reporters?)\b/;
const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * For each host, what a person reading the approvers' channel learns about who reported it: the
 * count in the approval message's visible text (blocks, as Slack shows them) and the reporters
 * named there or in its thread. Only mentions of `isReporter` ids count (not approvers or the bot).
 */
export function reportersShown(input: {
  readonly hosts: readonly string[];
  readonly channelMessages: readonly PostedMessage[];
  readonly isReporter: (userId: string) => boolean;
}): HostReporters[] {
  const parents = input.channelMessages.filter((m) => m.thread_ts === undefined);
  return input.hosts.map((host) => {
    const about = parents.filter((m) => visibleText(m).includes(host) || (m.text ?? '').includes(host));
    const counts = about.map((m) => SHOWN_COUNT.exec(visibleText(m))).filter((match) => match !== null).map((match) => Number(match[1]));
    const replies = input.channelMessages.filter((m) => about.some((p) => m.thread_ts === p.ts));
    const mentioned = new Set<string>();
    for (const message of [...about, ...replies]) {
      for (const match of `${visibleText(message)}\n${message.text ?? ''}`.matchAll(MENTION)) {
        if (input.isReporter(match[1]!)) mentioned.add(match[1]!);
      }
    }
    return { host, approvalMessages: about.length, shownCount: counts.length > 0 ? Math.max(...counts) : null, mentioned: mentioned.size };
  });
}
