import type { RequestView } from '../../../app/ports/request-view.ts';
import { indicatorChoices } from '../../../domain/indicator/indicator-choices.ts';
import type { ApprovalRule } from '../../../domain/request/approval-rule.ts';
import { code } from '../mrkdwn.ts';
import { approvalProgressText } from './approval-progress.ts';
import { URL_INDICATOR_ADVICE } from './indicator-reach.ts';

/**
 * The mrkdwn paragraphs a pending request shows above its controls: the approvals so far (when it
 * needs several approvers and has some), and the choice of allowing only the reported URL (when
 * the reported address had a path). Empty for an ordinary request.
 */
export function pendingSections(view: RequestView, rule: Pick<ApprovalRule, 'requiredApprovals' | 'approvable'>): string[] {
  const sections: string[] = [];
  if (!rule.approvable) return sections;
  const required = rule.requiredApprovals;
  if (required > 1 && view.approvals.length > 0) sections.push(`:ballot_box_with_check: ${approvalProgressText(view.approvals, required)}`);
  const url = indicatorChoices(view.request).find((c) => c.type === 'Url');
  if (url) {
    sections.push(
      `:link: The reported address has a path. Instead of the host you may allow *only* ${code(url.value)}: ` +
        `pick *URL: this path only* next to the duration. ${URL_INDICATOR_ADVICE}`,
    );
  }
  return sections;
}
