import type { RequestRecords } from '../ports/request-records.ts';
import type { RequestView } from '../ports/request-view.ts';

/**
 * The view of a request that must exist: one just read or written (requests are never deleted).
 * Throws an Error naming the id when it does not, rather than letting an `undefined` travel on.
 */
export async function requireView(store: Pick<RequestRecords, 'view'>, id: string): Promise<RequestView> {
  const view = await store.view(id);
  if (!view) throw new Error(`request ${id} vanished`);
  return view;
}
