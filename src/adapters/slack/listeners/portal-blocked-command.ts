import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../app/ports/runtime.ts';
import type { ReportOutcome } from '../../../app/report-blocked-portal.ts';
import { privateReplier } from '../edge/private-reply.ts';
import { SlackUserId } from '../edge/slack-payload.ts';
import { parseReport, type ReportInput } from '../../../domain/request/parse-report.ts';
import type { ApprovalRuleSettings } from '../../../domain/request/approval-rule.ts';
import { SLASH_COMMAND } from '../action-ids.ts';
import { decodeSlackText } from '../slack-text.ts';
import type { WorkQueue } from '../work-queue.ts';
import { busyText, lookingText, refusalText, reportOutcomeText, unexpectedErrorText } from '../text/report-replies.ts';
import { reportRefusalText } from '../text/report-refusal.ts';

/** The fields of Slack's slash-command payload that Unblock relies on. */
const CommandPayload = z.object({
  user_id: SlackUserId,
  text: z.string().default(''),
});

export interface PortalBlockedDeps {
  readonly report: (input: { userId: string; report: ReportInput }) => Promise<ReportOutcome>;
  /** Where the report's work waits for its turn after the ack. */
  readonly work: WorkQueue;
  readonly logger: Logger;
  /** Whether a command-and-control verdict can still be allowed (ALLOW_C2_OVERRIDE), for the reply's words. */
  readonly approvalRules: ApprovalRuleSettings;
}

/**
 * `/portal-blocked <url> [reason]`: validates and answers within the ack (refusals included), then
 * gathers evidence and posts to approvers from the work queue, reporting back privately by whatever
 * way the payload allows (privateReplier: response_url, ephemeral in the channel, DM).
 * Nothing touches the database or the network before the ack; when the queue is full, the ack says
 * so and nothing is recorded.
 */
export function registerPortalBlockedCommand(app: App, deps: PortalBlockedDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, client, body }) => {
    const payload = CommandPayload.safeParse(command);
    if (!payload.success) {
      await ack({ response_type: 'ephemeral', text: refusalText('That request did not come from a Slack user I can identify.') });
      return;
    }
    // Slack's markup and HTML escaping end here: the domain validates the plain text the user meant.
    const parsed = parseReport(decodeSlackText(payload.data.text));
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: reportRefusalText(parsed.error) });
      return;
    }
    const reply = privateReplier({ client, body }, deps.logger);
    const queued = deps.work.offer(
      'report',
      async () => {
        const outcome = await deps.report({ userId: payload.data.user_id, report: parsed.value });
        await reply(reportOutcomeText(outcome, deps.approvalRules));
      },
      (ref) => reply(unexpectedErrorText(ref)),
    );
    // The job starts from a later macrotask (WorkQueue.offer), so this ack leaves first.
    await ack({ response_type: 'ephemeral', text: queued ? lookingText(parsed.value.target) : busyText('report') });
  });
}
