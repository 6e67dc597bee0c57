import type { App } from '@slack/bolt';
import type { ExtendFailure } from '../../../app/extend-allow.ts';
import type { RevokeFailure } from '../../../app/revoke-allow.ts';
import type { ClickedSurface } from '../../../domain/request/own-message.ts';
import type { Logger } from '../../../app/ports/runtime.ts';
import type { Result } from '../../../shared/result.ts';
import { ACTIONS, REMINDER_BLOCK_ID } from '../action-ids.ts';
import { allowRefusalText } from '../text/allow-replies.ts';
import type { WorkQueue } from '../work-queue.ts';
import type { Click } from './click-payload.ts';
import { ackSelects, onClick } from './on-click.ts';
import type { LetExpireFailure } from '../../../app/let-allow-expire.ts';

type Refusal = ExtendFailure | RevokeFailure | LetExpireFailure;

export interface AllowActionDeps {
  readonly extend: (input: { requestId: string; actorId: string; durationValue: string | undefined; clickedMessage: ClickedSurface }) => Promise<Result<unknown, ExtendFailure>>;
  readonly revoke: (input: { requestId: string; actorId: string; clickedMessage: ClickedSurface }) => Promise<Result<unknown, RevokeFailure>>;
  readonly letExpire: (input: { requestId: string; actorId: string; clickedMessage: ClickedSurface }) => Promise<Result<unknown, Refusal>>;
  /** Where each click's work waits for its turn after the ack. */
  readonly work: WorkQueue;
  readonly logger: Logger;
}

/** Extend, Revoke and Let it expire, from the expiry reminder (and Revoke from the approval message). */
export function registerAllowActions(app: App, deps: AllowActionDeps): void {
  ackSelects(app, [ACTIONS.extendDuration]);
  const handlers: Record<string, (click: Click) => Promise<Result<unknown, Refusal>>> = {
    [ACTIONS.extend]: (click) =>
      deps.extend({ requestId: click.requestId, actorId: click.userId, durationValue: click.selected(REMINDER_BLOCK_ID, ACTIONS.extendDuration), clickedMessage: click.message }),
    [ACTIONS.revoke]: (click) => deps.revoke({ requestId: click.requestId, actorId: click.userId, clickedMessage: click.message }),
    [ACTIONS.letExpire]: (click) => deps.letExpire({ requestId: click.requestId, actorId: click.userId, clickedMessage: click.message }),
  };
  for (const [actionId, handle] of Object.entries(handlers)) {
    onClick(app, actionId, deps, allowRefusalText({ code: 'not_found' }), async (click) => {
      const result = await handle(click);
      return result.ok ? undefined : allowRefusalText(result.error);
    });
  }
}
