/** Who may approve. */

export interface ApproverDirectory {
  /** Whether the Slack user may approve (configured ids or approver user group). */
  isApprover(userId: string): Promise<boolean>;
}
