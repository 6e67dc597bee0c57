/** A DeviceEvents row as runHuntingQuery returns it (documented columns, AdditionalFields as JSON text). */
export function huntingRow(overrides: {
  at: string;
  device: string;
  action?: 'ExploitGuardNetworkProtectionBlocked' | 'ExploitGuardNetworkProtectionAudited' | 'SmartScreenUrlWarning';
  url?: string;
  process?: string;
  account?: string;
  category?: string;
}): Record<string, unknown> {
  const action = overrides.action ?? 'ExploitGuardNetworkProtectionBlocked';
  const fields =
    action === 'SmartScreenUrlWarning'
      ? { Experience: overrides.category ?? 'CustomBlockList' }
      : { IsAudit: String(action.endsWith('Audited')), ResponseCategory: overrides.category ?? 'CustomBlockList', DisplayName: 'Custom indicator' };
  return {
    Timestamp: overrides.at,
    DeviceId: `device-id-${overrides.device.toLowerCase()}`,
    DeviceName: `${overrides.device.toLowerCase()}.corp.contoso.com`,
    ActionType: action,
    RemoteUrl: overrides.url ?? 'https://logistics.contoso.com/portal/login',
    RemoteIP: '10.20.30.40',
    RemotePort: 443,
    InitiatingProcessFileName: overrides.process ?? 'chrome.exe',
    InitiatingProcessAccountName: overrides.account ?? 'alice',
    AdditionalFields: JSON.stringify(fields),
  };
}
