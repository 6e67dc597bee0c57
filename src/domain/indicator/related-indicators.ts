import { sameIndicatorValue } from '../target/canonical-value.ts';
import type { IndicatorTarget } from '../target/target.ts';
import type { ExistingIndicator } from './existing-indicator.ts';
import { relatedLookup, urlIndicatorHost } from './related-values.ts';

/**
 * What an existing indicator means for an allow of the target:
 * - `reused`: an Allowed indicator on the exact value and type; approving rides on it (planAllowIndicator).
 * - `overrides`: a Block or Warn one (or one whose action Unblock does not know, never read as
 *   harmless): the allow overrides it, because among indicators "Allow > Warn > Block" and "an allow
 *   indicator takes precedence over any block indicator" (indicator-ip-domain; defender-api.md §5, §8).
 * - `stays`: a Block or Warn `Url` indicator on a path of the host (not the exact value): it is more
 *   specific than the allow, so it keeps blocking its path in Edge ("Longest path wins when URL
 *   indicators conflict", indicators-overview; a URL indicator outranks the domain it sits on;
 *   defender-api.md §8 "URL indicators with paths outside Edge"). Never said to be overridden.
 * - `other_allow`: an Allowed indicator on a parent domain, a Url on the host, or another type.
 * - `informational`: Audit or Alert; it blocks nothing.
 */
export type RelatedRole = 'reused' | 'overrides' | 'stays' | 'other_allow' | 'informational';

/** How the indicator bears on the target: its exact value, a parent domain of the host, or a URL on the host. */
export type RelatedMatch = 'exact' | 'parent_domain' | 'url_on_host';

export interface RelatedIndicator {
  readonly indicator: ExistingIndicator;
  readonly role: RelatedRole;
  readonly match: RelatedMatch;
}

/**
 * Actions documented for `POST /api/indicators` (post-ti-indicator; defender-api.md §3): `Alert`,
 * `Warn`, `Block`, `Audit`, `BlockAndRemediate`, `AlertAndBlock`, `Allowed`. Only `Allowed` lets
 * traffic through; `Audit` and `Alert` only record. Matched case-insensitively.
 */
const ALLOWING = new Set(['allowed']);
const RECORDING = new Set(['audit', 'alert']);

const ROLE_ORDER: Record<RelatedRole, number> = { overrides: 0, stays: 1, reused: 2, other_allow: 3, informational: 4 };
const MATCH_ORDER: Record<RelatedMatch, number> = { exact: 0, url_on_host: 1, parent_domain: 2 };

/**
 * Classifies the indicators Defender holds around `target` (as IndicatorGateway.findRelated found
 * them): each with its role and how it matches, those the allow overrides first, then the URL
 * blocks that stay in force, the reused one, other allows and the informational ones; within a role, the most specific match first.
 * Indicators that do not bear on the target (another host) are dropped.
 */
export function classifyRelated(target: IndicatorTarget, found: readonly ExistingIndicator[]): RelatedIndicator[] {
  const lookup = relatedLookup(target);
  const classified: RelatedIndicator[] = [];
  for (const indicator of found) {
    const match = matchOf(target, lookup.values, lookup.urlHost, indicator);
    if (match === null) continue;
    classified.push({ indicator, match, role: roleOf(target, indicator, match) });
  }
  return classified.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || MATCH_ORDER[a.match] - MATCH_ORDER[b.match]);
}

/** The indicators an allow would override (Block, Warn and unknown actions), most specific first. */
export function overriddenIndicators(related: readonly RelatedIndicator[]): RelatedIndicator[] {
  return related.filter((r) => r.role === 'overrides');
}

function matchOf(target: IndicatorTarget, values: readonly string[], urlHost: string, indicator: ExistingIndicator): RelatedMatch | null {
  if (sameIndicatorValue(indicator.value, target.value)) return 'exact';
  if (indicator.type === 'Url') return urlIndicatorHost(indicator.value) === urlHost ? 'url_on_host' : null;
  return values.includes(indicator.value.toLowerCase()) ? 'parent_domain' : null;
}

function roleOf(target: IndicatorTarget, indicator: ExistingIndicator, match: RelatedMatch): RelatedRole {
  const action = indicator.action.toLowerCase();
  if (ALLOWING.has(action)) return match === 'exact' && indicator.type === target.type ? 'reused' : 'other_allow';
  if (RECORDING.has(action)) return 'informational';
  return match === 'url_on_host' ? 'stays' : 'overrides';
}
