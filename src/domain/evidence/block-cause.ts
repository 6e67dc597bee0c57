/**
 * Why Defender blocked a target, read from the category each event carries: `ResponseCategory` for
 * Network Protection, `Experience` for Edge SmartScreen (defender-api.md §2 "ResponseCategory values"
 * and §8 "Block cause → remedy"; Defender docs network-protection.md, web-protection-overview.md).
 *
 * An Allow indicator overrides every one of these (web-protection-overview.md precedence table:
 * "Allow | Block | Block | Block → Allow (Web protection override)"), so each cause carries its own
 * approval rule (`approval-rule.ts`) and its own recommended fix (worded by the Slack adapter).
 */
export type BlockCause =
  /** The organisation's own Block or Warn indicator (`CustomBlockList`). */
  | 'org_block_list'
  /** Web content filtering (`CustomPolicy`, or the WCF category's own name on some tenants). */
  | 'web_content_filtering'
  /** Defender for Cloud Apps marked the app unsanctioned (`CasbPolicy`). */
  | 'cloud_apps'
  /** Microsoft's threat intelligence judged it dangerous (`Malicious`, `Phishing`, `TechScam`, `Untrusted`). */
  | 'threat_verdict'
  /** Command-and-control traffic (`C2`, `COCO`, `CmdCtrl`): a possible compromise, not a false block. */
  | 'command_and_control';

/**
 * The causes from the mildest to the strictest. An unknown category is treated as the strictest
 * cause that fits it, and a target with several causes is governed by its strictest one.
 */
export const CAUSES_BY_STRICTNESS: readonly BlockCause[] = ['web_content_filtering', 'cloud_apps', 'org_block_list', 'threat_verdict', 'command_and_control'];

/**
 * The documented values (compared without regard to case, as Defender's own tables spell them
 * differently: `CustomBlockList` here, `customBlockList` in the toast table).
 * - `CustomPolicy`, `CustomBlockList`, `CasbPolicy`, `Malicious`, `Phishing`: network-protection.md
 *   "ResponseCategory" table.
 * - `C2`, `COCO` (command and control) and `Untrusted` ("malicious"): network-protection.md toast
 *   table, sourced from SmartScreen.
 * - `CmdCtrl`: observed for C2 blocks (community query, LearningKijo/KQL 03-kql-MDE-WebProtection.md).
 * - `TechScam`: SmartScreen's tech-support-scam verdict (issue 11's table; defender-api.md §8).
 * `Untrusted` (unknown or uncertain reputation) is kept with the threat verdicts: it was treated as
 * one before, and a safety rule is never weakened by reading it more kindly.
 */
const KNOWN: ReadonlyMap<string, BlockCause> = new Map([
  ['customblocklist', 'org_block_list'],
  ['custompolicy', 'web_content_filtering'],
  ['casbpolicy', 'cloud_apps'],
  ['malicious', 'threat_verdict'],
  ['phishing', 'threat_verdict'],
  ['techscam', 'threat_verdict'],
  ['untrusted', 'threat_verdict'],
  ['c2', 'command_and_control'],
  ['coco', 'command_and_control'],
  ['cmdctrl', 'command_and_control'],
]);

/**
 * Web content filtering category names, which some tenants report instead of `CustomPolicy`
 * (defender-api.md §8, community report "e.g. `Gambling`"). Both the display names and the category
 * strings of Microsoft's list "Supported categories for Web Content Filtering"
 * (learn.microsoft.com/deployedge/edge-learnmore-wcf-supported-categories), compared as `squash` does.
 */
const WCF_CATEGORIES: ReadonlySet<string> = new Set(
  [
    'Cults', 'Gambling', 'Nudity', 'Pornography / Sexually explicit', 'pornography_or_sexually_explicit', 'Sex education', 'Tasteless', 'Violence',
    'Download sites', 'Image sharing', 'Peer-to-peer', 'Streaming media & downloads', 'streaming_and_downloads',
    'Child abuse images', 'Criminal activity', 'Hacking', 'Hate & intolerance', 'hate_and_intolerance', 'Illegal drug', 'Illegal software', 'School cheating', 'Self-harm', 'Weapons',
    'Chat', 'Games', 'Instant messaging', 'Professional networking', 'professional_network', 'Social networking', 'Web-based email',
    'Newly registered domains', 'Parked domains', 'Generative AI',
  ].map(squash),
);

/** Fragments that make an unknown category a command-and-control verdict (`C2Server`, `CommandAndControl` …). */
const C2_HINT = /(^|[^a-z])c2|cmd.?ctrl|command.?and.?control|coco/i;

/** What a category says about the block, and whether the value is one Unblock knows. */
export interface CategoryCause {
  readonly cause: BlockCause;
  /** False for a value in none of the documented lists: it is then shown verbatim and read strictly. */
  readonly recognised: boolean;
}

/**
 * The cause of one category value. Pure. An unknown value is never taken as harmless: one that
 * looks like a command-and-control verdict is one; any other is read as a threat verdict, the
 * strictest cause an allow can still be approved for (two approvers, a short allow).
 */
export function causeOfCategory(category: string): CategoryCause {
  const known = KNOWN.get(squash(category));
  if (known !== undefined) return { cause: known, recognised: true };
  if (WCF_CATEGORIES.has(squash(category))) return { cause: 'web_content_filtering', recognised: true };
  return { cause: C2_HINT.test(category) ? 'command_and_control' : 'threat_verdict', recognised: false };
}

/** The stricter of two causes. */
export function stricterCause(a: BlockCause, b: BlockCause): BlockCause {
  return CAUSES_BY_STRICTNESS.indexOf(a) >= CAUSES_BY_STRICTNESS.indexOf(b) ? a : b;
}

/** Lowercase letters and digits only, so `Web-based email`, `web_based_email` and `WebBasedEmail` compare equal. */
function squash(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}
