import type { DryRunWriteRecord } from '../../db/prisma-dry-run-ledger.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { escapeText } from '../mrkdwn.ts';

/** How each would-be write is named in the thread. */
const VERBS: Readonly<Record<DryRunWriteRecord['verb'], string>> = { create: 'create', update: 'update (same indicator, new expiry or groups)', delete: 'delete' };

/**
 * The dry run's would-be Defender writes, for the thread note that follows them: each as its
 * method, path and exact JSON body in a code block. A backtick in the body (from a reason someone
 * typed) is written `\u0060`, the same JSON value, so it cannot end the code block; `& < >` are
 * escaped as Slack requires in every text (slack.md §2).
 */
export function dryRunWritesText(writes: readonly DryRunWriteRecord[]): string {
  const lines = writes.map((write) => {
    const request = `*Would ${VERBS[write.verb]}:* \`${write.method} ${escapeText(write.path)}\``;
    if (write.body === null) return request;
    const pretty = JSON.stringify(JSON.parse(write.body) as unknown, null, 2).replace(/`/g, '\\u0060');
    return `${request}\n\`\`\`${escapeText(pretty)}\`\`\``;
  });
  return [`:test_tube: *Dry run* (\`DRY_RUN=true\`): Defender was not changed.`, ...lines].join('\n');
}

/** What the approval's first thread note says in a dry run, before anyone approves. */
export const DRY_RUN_BANNER =
  ':test_tube: *Dry run* (`DRY_RUN=true`): hunting, approvals and reminders are real, but Unblock writes nothing to Defender. Approving shows the exact indicator it would create.';

/** What every reporter hears in a dry run after a note that does not say so itself (a wider scope approved): the portal is still blocked. */
export const DRY_RUN_REQUESTER_NOTE =
  ':test_tube: Unblock is running a dry run: it changed nothing in Defender, so the portal is still blocked. Ask the security team if you need it now.';

/**
 * Whether the request is a dry run whose allow was only simulated: its indicator is a would-be one
 * that Defender never held, so its start, checks and end change nothing on devices (an Allowed
 * indicator someone else made, which Unblock reused, is real, and is worded as such).
 */
export function simulatedAllow(view: Pick<RequestView, 'request' | 'indicator'>): boolean {
  return view.request.dryRun === true && view.indicator?.reusedExisting !== true;
}
