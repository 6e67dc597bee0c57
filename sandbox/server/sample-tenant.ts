import type { SamplePortal, SandboxUser } from '../shared/sandbox-api.ts';
import { deviceInfoRow, huntingRow } from '../../test/builders/hunting-rows.ts';

/**
 * The sandbox's people. Ben and Chloé are the approvers (APPROVER_USER_IDS): a Microsoft threat
 * verdict needs both. Amira reports; David is anyone else in the workspace.
 */
export const SANDBOX_USERS: readonly SandboxUser[] = [
  { id: 'U0AMIRA', name: 'Amira Haddad', role: 'requester' },
  { id: 'U0BEN', name: 'Ben Okafor', role: 'approver' },
  { id: 'U0CHLOE', name: 'Chloé Martin', role: 'second approver' },
  { id: 'U0DAVID', name: 'David Kim', role: 'someone else' },
];

/** The approvers' channel and the channel people type commands in. */
export const APPROVAL_CHANNEL = { id: 'C0SECURITY', name: 'security-approvals' } as const;
export const COMMAND_CHANNEL = { id: 'C0GENERAL', name: 'general' } as const;

/** The tenant's two device groups (DeviceInfo.MachineGroup). */
export const DEVICE_GROUPS = ['Paris office', 'Lyon office'] as const;

const HOUR = 3_600_000;

interface PortalSample extends SamplePortal {
  /** DeviceEvents rows, `at` given as hours before the sandbox starts. */
  readonly rows: ReadonlyArray<Omit<Parameters<typeof huntingRow>[0], 'at'> & { hoursAgo: number }>;
}

/**
 * One portal per cause Defender can give (defender-api.md §2, "ResponseCategory values"; the e2e
 * suite test/e2e/block-causes.test.ts uses the same rows), on devices in the two device groups.
 */
const PORTALS: readonly PortalSample[] = [
  {
    url: 'https://logistics.contoso.com/portal/login',
    story: "Organisation block list (a Block indicator, CustomBlockList): 3 devices in 2 device groups",
    rows: [
      { hoursAgo: 1, device: 'PAR-LT-0142', process: 'ShippingApp.exe', account: 'amira', category: 'CustomBlockList' },
      { hoursAgo: 3, device: 'PAR-LT-0187', process: 'chrome.exe', account: 'ben', category: 'CustomBlockList' },
      { hoursAgo: 26, device: 'LYO-LT-0031', process: 'msedge.exe', account: 'chloe', category: 'CustomBlockList', action: 'SmartScreenUrlWarning' },
    ],
  },
  {
    url: 'https://wiki.fabrikam-partners.com/onboarding',
    story: 'Web content filtering (CustomPolicy): 2 devices in the Paris office',
    rows: [
      { hoursAgo: 2, device: 'PAR-LT-0142', process: 'msedge.exe', account: 'amira', category: 'CustomPolicy', action: 'SmartScreenUrlWarning' },
      { hoursAgo: 5, device: 'PAR-LT-0203', process: 'chrome.exe', account: 'david', category: 'CustomPolicy' },
    ],
  },
  {
    url: 'https://payroll-contoso.net/login',
    story: "Microsoft's phishing verdict: two approvers and a short allow",
    rows: [{ hoursAgo: 4, device: 'LYO-LT-0031', process: 'chrome.exe', account: 'chloe', category: 'phishing' }],
  },
  {
    url: 'https://status.contoso-labs.com',
    story: 'Audit only: an org Block indicator, but Network Protection runs in audit mode there: logged, not blocked',
    rows: [
      { hoursAgo: 6, device: 'LYO-LT-0044', process: 'chrome.exe', account: 'david', category: 'CustomBlockList', action: 'ExploitGuardNetworkProtectionAudited' },
    ],
  },
  { url: 'https://intranet.contoso.com/hr', story: 'No block events at all: Defender is not what stops it', rows: [] },
];

/**
 * The organisation's own indicators before anyone reports anything (portal-made: a UPN as creator):
 * the Block behind the CustomBlockList portal, and the one Network Protection only audits on the
 * audit-mode portal's devices.
 */
export const SAMPLE_INDICATORS = [
  { indicatorValue: 'logistics.contoso.com', indicatorType: 'DomainName', action: 'Block', title: 'Block logistics portal (supplier incident 2025)', description: 'Added by hand, never removed', expirationTime: null, createdBy: 'secops-admin@contoso.com', creationTimeDateTimeUtc: '2025-03-14T10:21:07Z' },
  { indicatorValue: 'status.contoso-labs.com', indicatorType: 'DomainName', action: 'Block', title: 'Block lab status page (pilot)', description: 'Network Protection runs in audit mode on the Lyon devices', expirationTime: null, createdBy: 'secops-admin@contoso.com', creationTimeDateTimeUtc: '2026-06-02T08:00:00Z' },
] as const;

/** The portals offered on the page, with their story. */
export const SAMPLE_PORTALS: readonly SamplePortal[] = PORTALS.map(({ url, story }) => ({ url, story }));

/**
 * The tenant's advanced hunting tables as of `startedAt` (ms): DeviceEvents rows for each portal,
 * and a DeviceInfo row per device naming its group (PAR-… in the Paris office, LYO-… in Lyon).
 */
export function sampleHuntingTables(startedAt: number): { events: Array<Record<string, unknown>>; deviceInfo: Array<ReturnType<typeof deviceInfoRow>> } {
  const events = PORTALS.flatMap((portal) =>
    portal.rows.map(({ hoursAgo, ...row }) => huntingRow({ ...row, at: new Date(startedAt - hoursAgo * HOUR).toISOString(), url: portal.url })),
  );
  const devices = [...new Set(PORTALS.flatMap((p) => p.rows.map((r) => r.device)))];
  const deviceInfo = devices.map((device) => deviceInfoRow(device, device.startsWith('PAR-') ? DEVICE_GROUPS[0] : DEVICE_GROUPS[1], new Date(startedAt - 30 * 24 * HOUR).toISOString()));
  return { events, deviceInfo };
}
