import { z } from 'zod';
import type { BlockEvent, BlockKind } from '../../domain/evidence/block-event.ts';

/** What each hunted ActionType is, and what it is when AdditionalFields.IsAudit says audit mode. */
const KINDS: Record<string, { readonly enforced: BlockKind; readonly audited: BlockKind }> = {
  ExploitGuardNetworkProtectionBlocked: { enforced: 'network_protection_block', audited: 'network_protection_audit' },
  ExploitGuardNetworkProtectionAudited: { enforced: 'network_protection_audit', audited: 'network_protection_audit' },
  SmartScreenUrlWarning: { enforced: 'smartscreen_warning', audited: 'smartscreen_audit' },
};

/**
 * AdditionalFields.IsAudit says audit mode: the boolean `true` or the string `"true"` in any case
 * (defender-api.md §8 "Facts added after real-world use": "`IsAudit` may arrive as the boolean
 * `true` or the string `"true"`"). Anything else (false, "false", absent) is not audit.
 */
export function isAuditFlag(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

const text = z.string().nullish().transform((v) => (v == null || v === '' ? null : v));

/** One row of the hunting query (documented DeviceEvents columns); unknown columns are ignored. */
const HuntingRow = z.object({
  Timestamp: z.iso.datetime({ offset: true }).transform((v) => new Date(v)),
  DeviceId: z.string().default(''),
  DeviceName: z.string().default(''),
  ActionType: z.string(),
  RemoteUrl: text,
  RemoteIP: text,
  RemotePort: z.union([z.number(), z.string(), z.null()]).optional().transform((v) => {
    const port = typeof v === 'string' ? Number.parseInt(v, 10) : v;
    return typeof port === 'number' && Number.isInteger(port) ? port : null;
  }),
  InitiatingProcessFileName: text,
  InitiatingProcessAccountName: text,
  // The device's group, from the query's DeviceInfo join (defender-api.md "Device groups").
  MachineGroup: z.string().nullish(),
  // Documented as a JSON string; some tenants return it already parsed.
  AdditionalFields: z.union([z.string(), z.record(z.string(), z.unknown()), z.null()]).optional(),
});

/** Graph `huntingQueryResults`; the docs show both `schema`/`results` and capitalised keys. */
export const HuntingResponse = z
  .object({ results: z.array(z.unknown()).optional(), Results: z.array(z.unknown()).optional() })
  .transform((r) => r.results ?? r.Results ?? []);

/**
 * Parses hunting rows into block events, skipping rows of other action types or unusable shape.
 * A row is an audit when its ActionType is the audited one or its IsAudit flag is set: Defender
 * writes audit-mode rows with ActionType ExploitGuardNetworkProtectionBlocked too, and those
 * blocked nobody.
 */
export function toBlockEvents(rows: readonly unknown[]): { events: BlockEvent[]; skipped: number } {
  const events: BlockEvent[] = [];
  for (const raw of rows) {
    const row = HuntingRow.safeParse(raw);
    const kinds = row.success ? KINDS[row.data.ActionType] : undefined;
    if (!row.success || kinds === undefined) continue;
    const fields = additionalFields(row.data.AdditionalFields);
    const kind = isAuditFlag(fields.IsAudit) ? kinds.audited : kinds.enforced;
    events.push({
      timestamp: row.data.Timestamp,
      deviceId: row.data.DeviceId,
      deviceName: row.data.DeviceName,
      kind,
      remoteUrl: row.data.RemoteUrl,
      remoteIp: row.data.RemoteIP,
      remotePort: row.data.RemotePort,
      processName: row.data.InitiatingProcessFileName,
      accountName: row.data.InitiatingProcessAccountName,
      category: stringField(fields, 'ResponseCategory') ?? stringField(fields, 'Experience'),
      deviceGroup: deviceGroupOf(row.data.MachineGroup),
    });
  }
  return { events, skipped: rows.length - events.length };
}

/**
 * The device group name from MachineGroup, or null when the device has none: an empty value (no
 * DeviceInfo row, or none recorded) or `UnassignedGroup` (defender-api.md "Device groups": "Devices
 * without a group show `UnassignedGroup` or empty"). Compared case-insensitively and trimmed: a
 * group named like the placeholder is never read as a real group.
 */
export function deviceGroupOf(machineGroup: string | null | undefined): string | null {
  const name = machineGroup?.trim() ?? '';
  return name === '' || name.toLowerCase() === UNASSIGNED_GROUP.toLowerCase() ? null : name;
}

/** What Defender writes as MachineGroup for a device in no device group. */
export const UNASSIGNED_GROUP = 'UnassignedGroup';

function additionalFields(value: string | Record<string, unknown> | null | undefined): Record<string, unknown> {
  if (value == null) return {};
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringField(fields: Record<string, unknown>, key: string): string | null {
  const value = fields[key];
  return typeof value === 'string' && value !== '' ? value : null;
}
