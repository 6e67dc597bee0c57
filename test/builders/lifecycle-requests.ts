import { decideRequest } from '../../src/app/decide-request.ts';
import { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import type { RequestStore } from '../../src/app/ports/request-store.ts';
import { reconcileOnce, type ReconcileDeps } from '../../src/app/reconcile.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '../../src/domain/lifecycle/lifecycle-policy.ts';
import { DEFAULT_PENDING_POLICY } from '../../src/domain/request/pending-due.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import type { MessageRef } from '../../src/domain/request/request.ts';
import type { UseCaseWorld } from '../port-fakes/use-case-world.ts';

export const ALICE = 'U0ALICE';
/** Neither requester nor approver. */
export const CAROL = 'U0CAROL';
export const APPROVER = 'U0APPROVER';
export const APPROVER_2 = 'U0APPROVER2';
export const HOST = 'logistics.contoso.com';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Defender answering 503, optionally with Retry-After. */
export const defenderDown = (retryAfterSeconds?: number): ExternalServiceError =>
  new ExternalServiceError({ service: 'defender', failure: 'unavailable', status: 503, userMessage: 'Defender is unavailable', retryAfterSeconds });

/** Defender refusing the create at the tenant's indicator limit: 400, which retrying cannot fix (defender-api.md §8). */
export const defenderRefused = (): ExternalServiceError =>
  new ExternalServiceError({
    service: 'defender',
    failure: 'rejected',
    status: 400,
    userMessage: 'Defender rejected the request (HTTP 400)',
    vendorCode: 'BadRequest',
    vendorMessage: 'Cannot create indicator: the tenant has reached the limit of 15000 active indicators.',
  });

/** Defender answering 429 with Retry-After. */
export const throttled = (retryAfterSeconds: number): ExternalServiceError =>
  new ExternalServiceError({ service: 'defender', failure: 'throttled', status: 429, userMessage: 'Defender is throttling requests', retryAfterSeconds });

/** The reconciler's dependencies over a world's use-case deps: default policy, deterministic jitter. */
export function reconcilerDeps(deps: UseCaseWorld['deps'], owner = 'replica-a', store: RequestStore = deps.store): ReconcileDeps {
  return { ...deps, store, policy: DEFAULT_LIFECYCLE_POLICY, pending: DEFAULT_PENDING_POLICY, owner, random: () => 0.5 };
}

export interface ApprovedRequest {
  readonly id: string;
  readonly number: number;
  /** The approval message, which Extend and Revoke clicks may come from. */
  readonly message: MessageRef;
  readonly decidedAt: Date;
  readonly allowUntil: Date;
}

/**
 * Reports `host` as `requesterId`, then `approverId` approves it for `durationValue`. The approval
 * tries to activate the allow at once, so queue Defender failures before calling this.
 */
export async function approvedRequest(
  deps: UseCaseWorld['deps'],
  options: { readonly host?: string; readonly durationValue?: string; readonly requesterId?: string; readonly approverId?: string } = {},
): Promise<ApprovedRequest> {
  const report = parseReport(`${options.host ?? HOST} the shipping app fails`);
  if (!report.ok) throw new Error(`test input refused: ${report.error.code}`);
  const opened = await reportBlockedPortal(deps, { userId: options.requesterId ?? ALICE, report: report.value });
  if (opened.kind !== 'opened') throw new Error(`not opened: ${opened.kind}`);
  const { request } = opened.view;
  const decided = await decideRequest(deps, {
    requestId: request.id,
    deciderId: options.approverId ?? APPROVER,
    decision: 'approve',
    durationValue: options.durationValue ?? 'P1D',
    clickedMessage: request.approvalMessage!,
  });
  if (!decided.ok) throw new Error(`not decided: ${decided.error.code}`);
  const decision = decided.value.decision!;
  return { id: request.id, number: request.number, message: request.approvalMessage!, decidedAt: decision.decidedAt, allowUntil: decision.allowUntil! };
}

/** What lifecycle tests read back about a world: its database rows, its thread notes, what Defender holds. */
export function lifecycleProbe(world: () => UseCaseWorld) {
  return {
    round: (overrides: Partial<ReconcileDeps> = {}) => reconcileOnce({ ...reconcilerDeps(world().deps), ...overrides }),
    statusOf: async (id: string) => (await world().db.prisma.unblockRequest.findUniqueOrThrow({ where: { id } })).status,
    lifecycleOf: (id: string) => world().db.prisma.lifecycle.findUniqueOrThrow({ where: { requestId: id } }),
    allowRow: (id: string) => world().db.prisma.allowIndicator.findUniqueOrThrow({ where: { requestId: id } }),
    actionsOf: async (id: string) => (await world().db.prisma.auditEntry.findMany({ where: { requestId: id }, orderBy: { id: 'asc' } })).map((a) => a.action),
    notesOf: (id: string) => world().notifier.threadNotes.filter((n) => n.requestId === id).map((n) => n.note),
    defenderHolds: () => [...world().indicators.indicators.values()],
  };
}
