/**
 * A DeviceEvents row as runHuntingQuery returns it (documented columns, AdditionalFields as JSON
 * text). `isAudit` sets AdditionalFields.IsAudit, which Defender sends as the boolean `true` or the
 * string `"true"` (defender-api.md §8); by default it follows the ActionType, as a string. `url` and
 * `ip` may be null (a connection to a bare IP has no RemoteUrl).
 */
export function huntingRow(overrides: {
  at: string;
  device: string;
  action?: 'ExploitGuardNetworkProtectionBlocked' | 'ExploitGuardNetworkProtectionAudited' | 'SmartScreenUrlWarning';
  url?: string | null;
  ip?: string | null;
  process?: string;
  account?: string;
  category?: string;
  isAudit?: boolean | string;
}): Record<string, unknown> {
  const action = overrides.action ?? 'ExploitGuardNetworkProtectionBlocked';
  const audit = overrides.isAudit === undefined ? {} : { IsAudit: overrides.isAudit };
  const fields =
    action === 'SmartScreenUrlWarning'
      ? { Experience: overrides.category ?? 'CustomBlockList', ...audit }
      : { IsAudit: String(action.endsWith('Audited')), ...audit, ResponseCategory: overrides.category ?? 'CustomBlockList', DisplayName: 'Custom indicator' };
  return {
    Timestamp: overrides.at,
    DeviceId: `device-id-${overrides.device.toLowerCase()}`,
    DeviceName: `${overrides.device.toLowerCase()}.corp.contoso.com`,
    ActionType: action,
    RemoteUrl: overrides.url === undefined ? 'https://logistics.contoso.com/portal/login' : overrides.url,
    RemoteIP: overrides.ip === undefined ? '10.20.30.40' : overrides.ip,
    RemotePort: 443,
    InitiatingProcessFileName: overrides.process ?? 'chrome.exe',
    InitiatingProcessAccountName: overrides.account ?? 'alice',
    AdditionalFields: JSON.stringify(fields),
  };
}

/**
 * A DeviceInfo row for the device huntingRow names `device` (DeviceId `device-id-<device>`), in the
 * device group `group` (defender-api.md "Device groups": DeviceInfo.MachineGroup; `UnassignedGroup` or
 * empty for a device in no group). FakeGraph joins the latest one per device to the events.
 */
export function deviceInfoRow(device: string, group: string, at = '2026-11-19T00:00:00Z'): { Timestamp: string; DeviceId: string; MachineGroup: string } {
  return { Timestamp: at, DeviceId: `device-id-${device.toLowerCase()}`, MachineGroup: group };
}
