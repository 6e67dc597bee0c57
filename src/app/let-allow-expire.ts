import { slackUser } from '../domain/request/request.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { allowControlMessages } from './support/allow-controls.ts';
import { clickedOwnMessage, type ClickedSurface } from '../domain/request/own-message.ts';
import type { ApproverDirectory } from './ports/approver-directory.ts';
import type { Notifier } from './ports/notifier.ts';
import type { RequestRecords } from './ports/request-records.ts';
import type { Clock, Logger } from './ports/runtime.ts';
import { runSafely } from './support/run-safely.ts';

export interface LetExpireDeps {
  readonly store: RequestRecords;
  readonly notifier: Notifier;
  readonly approvers: ApproverDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Why "Let it expire" changed nothing. */
export type LetExpireFailure = { readonly code: 'not_found' | 'wrong_message' | 'not_active' | 'not_allowed' };

/** "Let it expire" on a reminder: recorded and shown; the allow ends on its own schedule. */
export async function letAllowExpire(
  deps: LetExpireDeps,
  input: { readonly requestId: string; readonly actorId: string; readonly clickedMessage: ClickedSurface },
): Promise<Result<void, LetExpireFailure>> {
  const view = await deps.store.view(input.requestId);
  if (!view) return err({ code: 'not_found' });
  if (!clickedOwnMessage(allowControlMessages(view), input.clickedMessage, view.request.id)) return err({ code: 'wrong_message' });
  if (view.request.status !== 'active') return err({ code: 'not_active' });
  if (input.actorId !== view.request.requesterId && !(await deps.approvers.isApprover(input.actorId))) return err({ code: 'not_allowed' });
  await deps.store.appendAudit(view.request.id, { actor: slackUser(input.actorId), at: deps.clock.now(), action: 'allow.expiry_accepted' });
  await runSafely(deps.logger, 'settle reminder', () => deps.notifier.settleReminder(view, { kind: 'let_expire', actorId: input.actorId }));
  await runSafely(deps.logger, 'post to thread', () => deps.notifier.postToThread(view, { kind: 'let_expire', actorId: input.actorId }));
  return ok(undefined);
}
