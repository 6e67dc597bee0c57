import { causeOfCategory } from './block-cause.ts';
import { AUDIT_KINDS, type BlockEvent, type BlockKind } from './block-event.ts';

export interface Tally {
  readonly name: string;
  readonly count: number;
}

export interface EvidenceSample {
  readonly at: string;
  readonly device: string;
  readonly kind: BlockKind;
  readonly process: string | null;
  readonly account: string | null;
  readonly url: string | null;
  readonly ip: string | null;
  readonly port: number | null;
  readonly category: string | null;
}

/** What the approval message says about the block events; plain JSON so it can be stored as is. */
export interface EvidenceSummary {
  readonly totalEvents: number;
  /** True when hunting returned as many rows as it may: the counts are then lower bounds. */
  readonly truncated: boolean;
  /** Network Protection blocks the user met (never audits, whatever the row's ActionType said). */
  readonly blocked: number;
  /** Audit-mode events (Network Protection or SmartScreen): recorded, not enforced. */
  readonly audited: number;
  readonly smartScreenWarnings: number;
  readonly deviceCount: number;
  readonly devices: readonly Tally[];
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly processes: readonly Tally[];
  readonly categories: readonly Tally[];
  /**
   * Of `categories`, the audit-mode events of each (a category with none is left out), so a verdict
   * seen only in audit mode is marked as such next to enforced ones. Absent in summaries stored
   * before it was kept: nothing is then marked.
   */
  readonly auditedCategories?: readonly Tally[];
  /**
   * The categories that mean Defender judged the target a threat (Malicious, Phishing, C2 …, and
   * any category Unblock does not recognise, see block-cause.ts), from
   * every event, audits included: an audit-mode verdict is still Defender's verdict, and the
   * two-approver rule it triggers must never be weakened by the enforcement mode.
   */
  readonly threatCategories: readonly string[];
  readonly samples: readonly EvidenceSample[];
  /**
   * The device groups of the devices Defender blocked or warned (audits excluded: an audit blocked
   * nobody), for the allow's scope (domain/request/allow-scope.ts). Null when not known: hunting was
   * unavailable, or the evidence was stored before device groups were hunted.
   */
  readonly blockedDeviceGroups: BlockedDeviceGroups | null;
}

/** Where the blocked devices sit: how many in each device group, and how many in none. */
export interface BlockedDeviceGroups {
  /** Blocked devices per device group (each device counted once, in its latest group), most first. */
  readonly groups: readonly Tally[];
  /** Blocked devices in no device group (`UnassignedGroup`, empty, or no DeviceInfo row). */
  readonly ungrouped: number;
}

export const TOP_DEVICES = 10;
export const TOP_PROCESSES = 5;
export const SAMPLE_ROWS = 10;

/** Summarises hunting rows (any order) into counts, top lists and the newest samples. Pure. */
export function summarizeEvidence(events: readonly BlockEvent[], rowCap: number): EvidenceSummary {
  const newestFirst = [...events].sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
  const categories = tally(events.map((e) => e.category));
  return {
    totalEvents: events.length,
    truncated: events.length >= rowCap,
    blocked: events.filter((e) => e.kind === 'network_protection_block').length,
    audited: events.filter((e) => AUDIT_KINDS.includes(e.kind)).length,
    smartScreenWarnings: events.filter((e) => e.kind === 'smartscreen_warning').length,
    deviceCount: new Set(events.map((e) => e.deviceId || e.deviceName)).size,
    devices: tally(events.map((e) => e.deviceName || e.deviceId)).slice(0, TOP_DEVICES),
    firstSeen: newestFirst.at(-1)?.timestamp.toISOString() ?? null,
    lastSeen: newestFirst[0]?.timestamp.toISOString() ?? null,
    processes: tally(events.map((e) => e.processName)).slice(0, TOP_PROCESSES),
    categories,
    auditedCategories: tally(events.filter((e) => AUDIT_KINDS.includes(e.kind)).map((e) => e.category)),
    threatCategories: categories.map((c) => c.name).filter(isThreatVerdict),
    samples: newestFirst.slice(0, SAMPLE_ROWS).map(toSample),
    blockedDeviceGroups: blockedDeviceGroups(events),
  };
}

/**
 * The device groups of the devices with an enforced event (a Network Protection block or a
 * SmartScreen warning); each device once, in the group its newest event names.
 */
export function blockedDeviceGroups(events: readonly BlockEvent[]): BlockedDeviceGroups {
  const groupOf = new Map<string, string | null>();
  const newestFirst = [...events].sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
  for (const e of newestFirst) {
    const device = e.deviceId || e.deviceName;
    if (!AUDIT_KINDS.includes(e.kind) && !groupOf.has(device)) groupOf.set(device, e.deviceGroup);
  }
  const groups = [...groupOf.values()];
  return { groups: tally(groups), ungrouped: groups.filter((g) => g === null).length };
}

/**
 * True when every event found was an audit: Defender recorded the target in audit mode but blocked
 * nobody (and showed no SmartScreen warning) in the lookback. False with no events at all.
 */
export function isAuditOnly(summary: Pick<EvidenceSummary, 'totalEvents' | 'audited'>): boolean {
  return summary.totalEvents > 0 && summary.audited === summary.totalEvents;
}

/** A threat or command-and-control verdict, or a category read as one (an unknown value: block-cause.ts). */
function isThreatVerdict(category: string): boolean {
  const { cause } = causeOfCategory(category);
  return cause === 'threat_verdict' || cause === 'command_and_control';
}

/** Counts non-empty values, most frequent first, ties by name for a stable order. */
function tally(values: ReadonlyArray<string | null>): Tally[] {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

function toSample(e: BlockEvent): EvidenceSample {
  return {
    at: e.timestamp.toISOString(),
    device: e.deviceName || e.deviceId,
    kind: e.kind,
    process: e.processName,
    account: e.accountName,
    url: e.remoteUrl,
    ip: e.remoteIp,
    port: e.remotePort,
    category: e.category,
  };
}

/** The summary of no events at all, used when hunting found nothing or could not run. */
export const emptySummary = (): EvidenceSummary => summarizeEvidence([], Number.POSITIVE_INFINITY);

/** What a later hunt adds to the stored device groups: the merged tally, and what is new. */
export interface DeviceGroupsWidening {
  readonly merged: BlockedDeviceGroups;
  /** Groups the stored tally did not have, sorted. */
  readonly added: readonly string[];
  /** True when the stored tally had no device in no group and the later hunt found one. */
  readonly newlyUngrouped: boolean;
}

/**
 * Merges a later hunt's blocked device groups into the stored ones, or null when it adds nothing
 * (no new group, no first device in no group). Only ever widens: a group or an ungrouped device
 * once seen stays, whatever the later hunt's lookback still covers; counts are the larger of the two.
 */
export function widenDeviceGroups(stored: BlockedDeviceGroups, later: BlockedDeviceGroups): DeviceGroupsWidening | null {
  const known = new Map(stored.groups.map((g) => [g.name, g.count]));
  const added = later.groups.map((g) => g.name).filter((name) => !known.has(name)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const newlyUngrouped = stored.ungrouped === 0 && later.ungrouped > 0;
  if (added.length === 0 && !newlyUngrouped) return null;
  for (const g of later.groups) known.set(g.name, Math.max(known.get(g.name) ?? 0, g.count));
  const groups = [...known].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { merged: { groups, ungrouped: Math.max(stored.ungrouped, later.ungrouped) }, added, newlyUngrouped };
}
