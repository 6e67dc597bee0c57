import { system } from '../../domain/request/request.ts';
import { mustMove } from '../support/must-move.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';
import type { Clock, Logger } from '../ports/runtime.ts';
import { runSafely } from '../support/run-safely.ts';
import { requireView } from '../support/require-view.ts';

/** A report still investigating after this long died midway (hunting gives up after about 3 minutes). */
export const STALE_INVESTIGATION_MS = 15 * 60_000;

/**
 * Closes a report that never reached the approvers because the bot stopped midway (a crash or a
 * kill between opening it and posting its approval message), so the host is free to be reported
 * again, and tells its reporters. Compare-and-set: a report that moved on meanwhile is left alone.
 */
export async function abandonStaleReport(
  deps: { readonly store: RequestRecords; readonly notifier: Notifier; readonly clock: Clock; readonly logger: Logger },
  view: RequestView,
): Promise<boolean> {
  const { request } = view;
  const closed = await deps.store.transition({
    id: request.id,
    from: { status: request.status, version: request.version },
    to: mustMove(request, 'publish_failed'),
    record: { event: 'publish_failed' },
    audit: { actor: system('reconciler'), at: deps.clock.now(), action: 'request.abandoned', details: { since: request.updatedAt.toISOString() } },
  });
  if (!closed) return false;
  await runSafely(deps.logger, 'tell reporters', async () => deps.notifier.notifyRequester(await requireView(deps.store, request.id), { kind: 'report_abandoned' }));
  return true;
}
