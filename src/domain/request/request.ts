import type { ScopeChange } from './scope-change.ts';
import type { IndicatorTarget, IndicatorType } from '../target/target.ts';

export const REQUEST_STATUSES = [
  'investigating',
  'pending_approval',
  'approved',
  'active',
  'denied',
  'expired',
  'revoked',
  'failed',
] as const;

/** Where a request is in its life; the same names as the Prisma enum. */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses in which a request still owns its target: a new report of the same target joins it. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['investigating', 'pending_approval', 'approved', 'active'];

export const isOpen = (status: RequestStatus): boolean => OPEN_STATUSES.includes(status);

/** Who did something: a Slack user (verified by Slack's signature) or a part of the bot itself. */
export type Actor = { readonly kind: 'slack'; readonly userId: string } | { readonly kind: 'system'; readonly component: string };

export const slackUser = (userId: string): Actor => ({ kind: 'slack', userId });
export const system = (component: string): Actor => ({ kind: 'system', component });

/** The audit-trail spelling of an actor: `slack:U123` or `system:reporter`. */
export const actorLabel = (actor: Actor): string =>
  actor.kind === 'slack' ? `slack:${actor.userId}` : `system:${actor.component}`;

/** The actor an audit-trail label (see actorLabel) names, or null when it is neither spelling. */
export function parseActorLabel(label: string): Actor | null {
  const [kind, ...rest] = label.split(':');
  const name = rest.join(':');
  if (name === '') return null;
  if (kind === 'slack') return slackUser(name);
  if (kind === 'system') return system(name);
  return null;
}

/** A Slack message the bot posted, addressed the way chat.update needs. */
export interface MessageRef {
  readonly channelId: string;
  readonly ts: string;
}

/** An unblock request as the database holds it. */
export interface UnblockRequest {
  readonly id: string;
  /** Short number for people (#42). */
  readonly number: number;
  readonly status: RequestStatus;
  /** Compare-and-set counter. */
  readonly version: number;
  readonly target: IndicatorTarget;
  /** The URL or host as reported, normalised; display only. */
  readonly reportedTarget: string;
  readonly coversSubdomains: boolean;
  readonly requesterId: string;
  readonly reason: string;
  readonly approvalMessage: MessageRef | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When and by whom (`slack:U…` / `system:…`) the request was closed. */
  readonly closedAt: Date | null;
  readonly closedBy: string | null;
  /** When the approvers were reminded that nobody had decided it (ESCALATE_AFTER); null until then. */
  readonly escalatedAt: Date | null;
  /**
   * The open scope change of an active allow (see ScopeChange); null or absent when none is open.
   * Only an active request has one that counts.
   */
  readonly scopeChange?: ScopeChange | null;
  /** Where Slack put the latest scope-change message (kept after it closed, so its buttons can be replaced). */
  readonly scopeChangeMessage?: MessageRef | null;
  /**
   * Opened while Unblock ran with DRY_RUN=true: the request stays a dry run to its end, whatever
   * DRY_RUN says later (its allow is only ever simulated); absent means false.
   */
  readonly dryRun?: boolean;
}

export interface Reporter {
  readonly userId: string;
  readonly reason: string;
  readonly reportedAt: Date;
  /** When the approvers' channel first named this reporter; null (or absent) until then. */
  readonly announcedAt?: Date | null;
}

export interface Decision {
  readonly outcome: 'approved' | 'denied';
  readonly deciderId: string;
  readonly decidedAt: Date;
  /** ISO-8601, approvals only. */
  readonly duration: string | null;
  readonly allowUntil: Date | null;
  /**
   * What the allow indicator covers, as decided (approvals only): the request's host or IP, or the
   * reported URL when the approvers chose a URL indicator. Null on denials and on approvals recorded
   * before the choice existed, which cover the request's own target.
   */
  readonly indicator: IndicatorTarget | null;
  /**
   * The device groups the allow applies to (Defender's rbacGroupNames; allow-scope.ts): the groups
   * every approver agreed to, or [] for every device (denials, and approvals recorded before scopes).
   */
  readonly rbacGroupNames: readonly string[];
}

/** One approver's Approve click. A request flagged by Defender's threat intelligence needs two. */
export interface Approval {
  readonly approverId: string;
  readonly at: Date;
  /** ISO-8601 duration this approver chose. */
  readonly duration: string;
  /** The indicator type this approver chose; null means the request's own target. */
  readonly indicatorType: IndicatorType | null;
  /** The device groups this approver approved the allow for, as the message proposed them then; [] = every device. */
  readonly rbacGroupNames: readonly string[];
}

/**
 * Everyone who approved, in the order they did; for an approval recorded before approvals were
 * (migrated data), the decider alone.
 */
export function approverIds(decision: Decision | null, approvals: readonly Approval[]): string[] {
  if (decision?.outcome !== 'approved') return [];
  return approvals.length > 0 ? approvals.map((a) => a.approverId) : [decision.deciderId];
}

/** The indicator an approved request's allow is for: the decided one, else the request's own target. */
export const decidedTarget = (request: { readonly target: IndicatorTarget }, decision: Decision | null): IndicatorTarget =>
  decision?.indicator ?? request.target;

export interface AllowIndicatorRecord {
  readonly defenderId: string;
  readonly target: IndicatorTarget;
  readonly expiresAt: Date | null;
  readonly reusedExisting: boolean;
  /** The device groups the indicator applies to, as Defender answered; [] = every device. */
  readonly rbacGroupNames: readonly string[];
  readonly recordedAt: Date;
}

/** One extension of an active allow. */
export interface Extension {
  readonly actorId: string;
  readonly at: Date;
  readonly duration: string;
  readonly fromExpiry: Date;
  readonly toExpiry: Date;
}

/** The reconciler's bookkeeping for an approved or active request. */
export interface LifecycleRecord {
  readonly activationAttempts: number;
  readonly nextActivationAt: Date | null;
  readonly activationFailingSince: Date | null;
  readonly lastActivationError: string | null;
  readonly activationAlertedAt: Date | null;
  readonly reminderSentFor: Date | null;
  readonly reminder: MessageRef | null;
  readonly driftCheckedAt: Date | null;
  readonly driftReported: string | null;
  /** When the thread and approvers were told that Defender refused to delete the indicator (once). */
  readonly removalAlertedAt: Date | null;
  /** How many hunts since activation checked whether the allow worked (0, 1 or 2; see verifyDueAt). */
  readonly verifyCount: number;
  /** When the latest of those checks ran (UTC). */
  readonly verifiedAt: Date | null;
  /** Devices the latest check found still blocked since the allow became active (0: none); null before any check. */
  readonly verifyBlockedDevices: number | null;
  /** When the reconciler next owes work (see nextDueAt); 1970-01-01: due now, plan again; null: never. */
  readonly nextDueAt: Date | null;
  /** Compare-and-set counter of the plan: bumped by every write that changes what is due. */
  readonly planVersion: number;
}

/**
 * When access really ends: the approved end (allowEnd), or sooner when the allow rides on someone
 * else's Allowed indicator that expires first (planAllowIndicator `reuse_ends_sooner`: Unblock never
 * rewrites another's indicator, so the allow ends when Defender removes theirs). What reminders,
 * expiry and every "allowed until" use once the allow is active; the approval's own window stays
 * allowEnd.
 */
export function heldUntil(decision: Decision | null, extensions: readonly Extension[], indicator: AllowIndicatorRecord | null): Date | null {
  const end = allowEnd(decision, extensions);
  const theirs = indicator?.reusedExisting ? indicator.expiresAt : null;
  return end !== null && theirs !== null && theirs < end ? theirs : end;
}

/** When the approved allow ends: the latest extension's end, else the decision's. */
export function allowEnd(decision: Decision | null, extensions: readonly Extension[]): Date | null {
  const latest = extensions.reduce<Date | null>((end, e) => (end === null || e.toExpiry > end ? e.toExpiry : end), null);
  return latest ?? decision?.allowUntil ?? null;
}
