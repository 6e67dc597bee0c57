import type { Approval } from '../../../domain/request/request.ts';
import { mention } from '../mrkdwn.ts';
import { scopePhrase } from './allow-scope-text.ts';
import { isoDurationLabel } from './duration-label.ts';

/**
 * Where a request that needs several different approvers stands, e.g.
 * "*1 of 2 approvals:* <@A> approved for 1 day on device group Sales; a second, different approver must approve too."
 * Each approval names the device groups it was given for, so a scope widened since shows what each counts for.
 */
export function approvalProgressText(approvals: readonly Approval[], required: number): string {
  const given = approvals.map((a) => `${mention(a.approverId)} approved for ${isoDurationLabel(a.duration) ?? a.duration}${a.indicatorType === 'Url' ? ' (URL only)' : ''}${a.rbacGroupNames.length > 0 ? ` on ${scopePhrase(a.rbacGroupNames)}` : ''}`);
  const remaining = required - approvals.length;
  const more = remaining === 1 ? 'a second, different approver must approve too' : `${remaining} more different approvers must approve too`;
  return `*${approvals.length} of ${required} approvals:* ${given.join(', ')}; ${more}.`;
}
