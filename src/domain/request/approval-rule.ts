import type { BlockCause } from '../evidence/block-cause.ts';
import { diagnoseBlock, governingCause, type DiagnosableEvidence } from '../evidence/block-diagnosis.ts';
import { durationChoices, type AllowDuration, type DurationChoices } from './allow-duration.ts';

/**
 * What deciding a request takes, from the cause of its block:
 * - `requiredApprovals`: how many different approvers must approve;
 * - `approvable`: whether Approve is offered at all (false for a command-and-control verdict unless
 *   the operator set ALLOW_C2_OVERRIDE);
 * - `durations`: `threat` limits the allow to MAX_THREAT_ALLOW_DURATION, `standard` to MAX_ALLOW_DURATION.
 */
export interface ApprovalRule {
  readonly requiredApprovals: 1 | 2;
  readonly approvable: boolean;
  readonly durations: 'standard' | 'threat';
  /** The cause the rule follows (the strictest found), or null when the evidence names none. */
  readonly cause: BlockCause | null;
  /**
   * True when Defender could not be searched (hunting failed, e.g. Graph answered 429, or has not
   * run): nothing says why the target was blocked, so the rule is the threat verdict's.
   */
  readonly unexplained: boolean;
}

/** The operator's choices that shape approval rules (from the configuration). */
export interface ApprovalRuleSettings {
  /** ALLOW_C2_OVERRIDE: offer Approve (to two approvers) even for a command-and-control verdict. */
  readonly allowC2Override: boolean;
}

/**
 * The rule for a request's evidence. Pure. Microsoft's threat verdicts (and unknown categories,
 * read as one) need two different approvers and a short allow: an allow overrides that verdict on
 * every device in scope, which one person should not do alone. Command and control means a possible
 * compromise: no allow is offered unless ALLOW_C2_OVERRIDE is set, and then only with two approvers.
 * Evidence that could not be gathered (hunting failed) hides the cause, which may be any of these:
 * it is never read more kindly than a threat verdict. Policy blocks (the organisation's indicators,
 * web content filtering, Cloud Apps), and searches that found no block at all, need one approver.
 */
export function approvalRule(evidence: DiagnosableEvidence | null | undefined, settings: ApprovalRuleSettings): ApprovalRule {
  const diagnosis = diagnoseBlock(evidence);
  if (diagnosis.kind === 'unavailable') return { requiredApprovals: 2, approvable: true, durations: 'threat', cause: null, unexplained: true };
  const cause = governingCause(diagnosis);
  switch (cause) {
    case 'command_and_control':
      return { requiredApprovals: 2, approvable: settings.allowC2Override, durations: 'threat', cause, unexplained: false };
    case 'threat_verdict':
      return { requiredApprovals: 2, approvable: true, durations: 'threat', cause, unexplained: false };
    default:
      return { requiredApprovals: 1, approvable: true, durations: 'standard', cause, unexplained: false };
  }
}

/**
 * Everything the configuration decides about approvals: the C2 override and the durations offered
 * (MAX_ALLOW_DURATION for ordinary requests, MAX_THREAT_ALLOW_DURATION for threat verdicts).
 */
export interface DecisionPolicy extends ApprovalRuleSettings {
  readonly durations: { readonly standard: DurationChoices; readonly threat: DurationChoices };
}

/**
 * The decision policy from the two maxima: threat verdicts are offered the standard durations up
 * to the shorter of the two.
 */
export function decisionPolicy(settings: ApprovalRuleSettings & { readonly maxAllow: AllowDuration; readonly maxThreatAllow: AllowDuration }): DecisionPolicy {
  const threatMax = settings.maxThreatAllow.ms < settings.maxAllow.ms ? settings.maxThreatAllow : settings.maxAllow;
  return { allowC2Override: settings.allowC2Override, durations: { standard: durationChoices(settings.maxAllow), threat: durationChoices(threatMax) } };
}

/** The durations an approver (or an extension) of a request under `rule` is offered. */
export function durationChoicesFor(rule: Pick<ApprovalRule, 'durations'>, policy: DecisionPolicy): DurationChoices {
  return policy.durations[rule.durations];
}

/** The longest allow a threat verdict may get under `policy`, in ms (MAX_THREAT_ALLOW_DURATION, capped by MAX_ALLOW_DURATION). */
export function threatMaxMs(policy: DecisionPolicy): number {
  return Math.max(...policy.durations.threat.options.map((d) => d.ms));
}

/**
 * How many different approvers a request with this evidence needs (1 or 2). No setting changes it:
 * ALLOW_C2_OVERRIDE only decides whether Approve is offered at all.
 */
export function requiredApprovals(evidence: DiagnosableEvidence | null | undefined): 1 | 2 {
  return approvalRule(evidence, { allowC2Override: false }).requiredApprovals;
}
