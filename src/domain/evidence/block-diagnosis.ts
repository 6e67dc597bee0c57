import { causeOfCategory, stricterCause, type BlockCause } from './block-cause.ts';
import { isAuditOnly, type EvidenceSummary } from './evidence-summary.ts';

/** One category found in the evidence, with what it means. `category` null: events that named none. */
export interface FoundCause {
  readonly category: string | null;
  readonly count: number;
  /** How many of the `count` events were audit-mode (recorded, not enforced). */
  readonly audited: number;
  readonly cause: BlockCause;
  readonly recognised: boolean;
}

/**
 * What the evidence says about the block, for the approval message, the requester's reply, the
 * thread detail and the approval rule:
 * - `unavailable`: hunting could not run (or has not yet): nothing is known;
 * - `not_blocked`: Defender blocked nobody in the lookback: no rows at all, or audit-mode rows only
 *   (`IsAudit` true / `…Audited`: "the user was not blocked by NP", defender-api.md §8);
 * - `blocked`: enforced blocks or SmartScreen warnings, governed by the strictest cause found.
 * `causes` (strictest first) come from every event, audits included: an audit-mode verdict is still
 * Defender's verdict, and a rule it triggers is never weakened by the enforcement mode.
 */
export type BlockDiagnosis =
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'not_blocked'; readonly why: 'no_events' | 'audit_only'; readonly cause: BlockCause | null; readonly causes: readonly FoundCause[] }
  | { readonly kind: 'blocked'; readonly cause: BlockCause; readonly causes: readonly FoundCause[] };

/** The evidence as stored with a request (see EvidenceRecord), reduced to what a diagnosis reads. */
export interface DiagnosableEvidence {
  readonly outcome: 'found' | 'none' | 'unavailable';
  readonly summary: Pick<EvidenceSummary, 'totalEvents' | 'audited' | 'categories' | 'auditedCategories'>;
}

/**
 * Diagnoses a request's evidence. Pure. Events that named no category at all are an unknown cause
 * and read as strictly as an unknown category (never as harmless).
 */
export function diagnoseBlock(evidence: DiagnosableEvidence | null | undefined): BlockDiagnosis {
  if (!evidence || evidence.outcome === 'unavailable') return { kind: 'unavailable' };
  const causes = foundCauses(evidence.summary);
  const cause = causes[0]?.cause ?? null;
  if (evidence.summary.totalEvents === 0) return { kind: 'not_blocked', why: 'no_events', cause, causes };
  if (isAuditOnly(evidence.summary)) return { kind: 'not_blocked', why: 'audit_only', cause, causes };
  // totalEvents > 0, so there is at least one cause (a named category or the unnamed remainder).
  return { kind: 'blocked', cause: cause ?? causeOfCategory('').cause, causes };
}

/** The strictest cause of a diagnosis, whatever its kind, or null when there is none. */
export function governingCause(diagnosis: BlockDiagnosis): BlockCause | null {
  return diagnosis.kind === 'unavailable' ? null : diagnosis.cause;
}

/** Each category with its cause, the strictest first (then the most frequent), and the unnamed remainder. */
function foundCauses(summary: DiagnosableEvidence['summary']): FoundCause[] {
  const auditedOf = new Map((summary.auditedCategories ?? []).map((t) => [t.name, t.count]));
  const named = summary.categories.map((t) => ({ category: t.name, count: t.count, audited: auditedOf.get(t.name) ?? 0, ...causeOfCategory(t.name) }));
  const unnamed = summary.totalEvents - named.reduce((sum, c) => sum + c.count, 0);
  // The unnamed remainder's audits are those not accounted for by a named category (known only when the summary kept them).
  const unnamedAudited = summary.auditedCategories ? Math.max(0, summary.audited - named.reduce((sum, c) => sum + c.audited, 0)) : 0;
  const all: FoundCause[] = unnamed > 0 ? [...named, { category: null, count: unnamed, audited: Math.min(unnamed, unnamedAudited), ...causeOfCategory('') }] : named;
  return all.sort((a, b) => (a.cause === b.cause ? b.count - a.count : stricterCause(a.cause, b.cause) === a.cause ? -1 : 1));
}
