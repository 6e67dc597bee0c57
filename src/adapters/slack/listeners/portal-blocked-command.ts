import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { ReportOutcome } from '../../../app/report-blocked-portal.ts';
import { parseReport, type ReportInput } from '../../../domain/request/parse-report.ts';
import { SLASH_COMMAND } from '../action-ids.ts';
import type { BackgroundWork } from '../background-work.ts';
import { decodeSlackText } from '../slack-text.ts';
import { lookingText, refusalText, reportOutcomeText, unexpectedErrorText } from '../blocks/report-replies.ts';

/** The fields of Slack's slash-command payload that Unblock relies on. */
const CommandPayload = z.object({
  user_id: z.string().regex(/^[UW][A-Z0-9]{2,}$/),
  text: z.string().default(''),
});

export interface PortalBlockedDeps {
  readonly report: (input: { userId: string; report: ReportInput }) => Promise<ReportOutcome>;
  readonly background: BackgroundWork;
}

/**
 * `/portal-blocked <url> [reason]`: validates and answers within the ack (refusals included), then
 * gathers evidence and posts to approvers in the background, reporting back through response_url.
 */
export function registerPortalBlockedCommand(app: App, deps: PortalBlockedDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    const payload = CommandPayload.safeParse(command);
    if (!payload.success) {
      await ack({ response_type: 'ephemeral', text: refusalText('That request did not come from a Slack user I can identify.') });
      return;
    }
    // Slack's markup and HTML escaping end here: the domain validates the plain text the user meant.
    const parsed = parseReport(decodeSlackText(payload.data.text));
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: refusalText(parsed.error.userMessage) });
      return;
    }
    await ack({ response_type: 'ephemeral', text: lookingText(parsed.value.target) });
    deps.background.run(
      'report',
      async () => {
        const outcome = await deps.report({ userId: payload.data.user_id, report: parsed.value });
        await respond({ response_type: 'ephemeral', text: reportOutcomeText(outcome) });
      },
      (ref) => respond({ response_type: 'ephemeral', text: unexpectedErrorText(ref) }),
    );
  });
}
