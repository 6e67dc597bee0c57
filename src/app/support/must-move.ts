import type { RequestStatus } from '../../domain/request/request.ts';
import { nextStatus, type RequestEvent } from '../../domain/request/transitions.ts';

/**
 * The status `event` leads to from the request's current status. Use-cases call this only where
 * they already checked the status, so a refusal here is a programming error and throws.
 */
export function mustMove(request: { readonly status: RequestStatus }, event: RequestEvent): RequestStatus {
  const next = nextStatus(request.status, event);
  if (!next.ok) throw new Error(`transition refused: ${request.status} --${event}-->`);
  return next.value;
}
