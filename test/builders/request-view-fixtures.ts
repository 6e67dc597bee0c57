import type { HomeItem } from '../../src/app/ports/home-queries.ts';
import type { EvidenceRecord, RequestView } from '../../src/app/ports/request-view.ts';
import type { BlockEvent } from '../../src/domain/evidence/block-event.ts';
import { emptySummary, summarizeEvidence } from '../../src/domain/evidence/evidence-summary.ts';
import { parseAllowDuration, type AllowDuration } from '../../src/domain/request/allow-duration.ts';
import { decisionPolicy } from '../../src/domain/request/approval-rule.ts';
import type { AllowIndicatorRecord, Approval, Decision, Reporter, UnblockRequest } from '../../src/domain/request/request.ts';
import type { SlackMessage } from '../../src/adapters/slack/blocks/slack-message.ts';

// Builders and readers shared by the message rendering tests.

export const REQUEST_ID = '0b7e4f5c-3a2d-4e1f-9c8b-7a6d5e4f3c2b';
export const REPORTED_AT = new Date('2026-11-20T09:00:00Z');
export const DECIDED_AT = new Date('2026-11-20T10:00:00Z');

export function maxDuration(iso: string): AllowDuration {
  const parsed = parseAllowDuration(iso);
  if (!parsed.ok) throw new Error(parsed.error.code);
  return parsed.value;
}

/** The default configuration's decision policy: MAX_ALLOW_DURATION P30D, MAX_THREAT_ALLOW_DURATION P1D, no C2 override. */
export const policy = decisionPolicy({ maxAllow: maxDuration('P30D'), maxThreatAllow: maxDuration('P1D'), allowC2Override: false });

/** A block event for evidence; by default a Network Protection block of the target on PC01. */
export function blockEvent(overrides: Partial<BlockEvent> = {}): BlockEvent {
  return {
    timestamp: new Date('2026-11-19T15:30:00Z'),
    deviceId: 'device-id-pc01',
    deviceName: 'pc01.corp.contoso.com',
    kind: 'network_protection_block',
    remoteUrl: 'https://logistics.contoso.com/portal/login',
    remoteIp: '10.20.30.40',
    remotePort: 443,
    processName: 'chrome.exe',
    accountName: 'alice',
    category: 'CustomBlockList',
    deviceGroup: null,
    ...overrides,
  };
}

/** Evidence as stored after hunting: found (from events), none, or unavailable. */
export function evidence(
  outcome: EvidenceRecord['outcome'],
  events: readonly BlockEvent[] = [],
  error: string | null = null,
  existingIndicators: EvidenceRecord['existingIndicators'] = { outcome: 'checked', indicators: [] },
): EvidenceRecord {
  return {
    outcome,
    collectedAt: new Date('2026-11-20T09:00:05Z'),
    lookback: 'P7D',
    summary: outcome === 'found' ? summarizeEvidence(events, 1000) : emptySummary(),
    error,
    existingIndicators,
  };
}

export interface ViewOverrides {
  request?: Partial<UnblockRequest>;
  reporters?: readonly Reporter[];
  evidence?: EvidenceRecord | null;
  decision?: Decision | null;
  approvals?: readonly Approval[];
  indicator?: AllowIndicatorRecord | null;
}

/** Request #42 for logistics.contoso.com by U0ALICE, pending approval, with one block event as evidence. */
export function aView(overrides: ViewOverrides = {}): RequestView {
  const request: UnblockRequest = {
    id: REQUEST_ID,
    number: 42,
    status: 'pending_approval',
    version: 2,
    target: { type: 'DomainName', value: 'logistics.contoso.com' },
    reportedTarget: 'https://logistics.contoso.com/portal/login',
    coversSubdomains: false,
    requesterId: 'U0ALICE',
    reason: 'Need the carrier portal to book shipments',
    approvalMessage: { channelId: 'C0APPROVE', ts: '1795500000.000100' },
    createdAt: REPORTED_AT,
    updatedAt: REPORTED_AT,
    closedAt: null,
    closedBy: null,
    escalatedAt: null,
    ...overrides.request,
  };
  return {
    request,
    reporters: overrides.reporters ?? [{ userId: request.requesterId, reason: request.reason, reportedAt: REPORTED_AT }],
    evidence: overrides.evidence === undefined ? evidence('found', [blockEvent()]) : overrides.evidence,
    decision: overrides.decision ?? null,
    approvals: overrides.approvals ?? [],
    indicator: overrides.indicator ?? null,
    extensions: [],
    lifecycle: null,
  };
}

export const approval = (overrides: Partial<Decision> = {}): Decision => ({
  outcome: 'approved',
  deciderId: 'U0BOB',
  decidedAt: DECIDED_AT,
  duration: 'P1D',
  allowUntil: new Date('2026-11-21T10:00:00Z'),
  indicator: { type: 'DomainName', value: 'logistics.contoso.com' },
  rbacGroupNames: [],
  ...overrides,
});

export const denial: Decision = { outcome: 'denied', deciderId: 'U0BOB', decidedAt: DECIDED_AT, duration: null, allowUntil: null, indicator: null, rbacGroupNames: [] };

export const indicatorRecord: AllowIndicatorRecord = {
  defenderId: '98765',
  target: { type: 'DomainName', value: 'logistics.contoso.com' },
  expiresAt: new Date('2026-11-21T10:00:00Z'),
  reusedExisting: false,
  rbacGroupNames: [],
  recordedAt: new Date('2026-11-20T10:00:03Z'),
};

/** The decided views: denied, approved and live, approved but not live yet. */
/** `view` as a Home list reads it: without its reporters, with how many they are. */
export function homeItem(view: RequestView): HomeItem {
  const { reporters, ...rest } = view;
  return { ...rest, reporterCount: reporters.length };
}

export const deniedView = () => aView({ request: { status: 'denied' }, decision: denial });
export const activeView = () => aView({ request: { status: 'active' }, decision: approval(), indicator: indicatorRecord });
export const approvedView = () => aView({ request: { status: 'approved' }, decision: approval() });

/** Every text a reader can see in a message: the fallback text and each text object, in order. */
export function texts(message: SlackMessage): string[] {
  const found: string[] = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string') found.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(message.blocks);
  return found;
}

export const allText = (message: SlackMessage) => texts(message).join('\n');

/** Strips the `<…>` sequences the bot itself writes (user mentions and dates); any `<` left came from data. */
export const withoutOwnMarkup = (text: string) => text.replace(/<@[UW][A-Z0-9]+>/g, '').replace(/<!date\^\d+\^[^|>]+\|[^>]+>/g, '');

/** The Block Kit JSON as Slack would receive it. */
export const asJson = (message: SlackMessage) => JSON.parse(JSON.stringify(message)) as { text: string; blocks: Array<Record<string, unknown>> };

export const blocksOfType = (message: SlackMessage, type: string) => asJson(message).blocks.filter((b) => b.type === type);

/** A date as the bot writes it in mrkdwn (readers see it in their own time zone), for exact-text assertions. */
export const shownDate = (date: Date, format = '{date_short_pretty} {time}') => `<!date^${Math.floor(date.getTime() / 1000)}^${format}|${date.toISOString()}>`;

/** User text holding every character mrkdwn needs escaped, and the escaped form it must be shown in. */
export const HOSTILE_TEXT = 'R&D <!channel> <https://evil.example|portal> a>b';
export const HOSTILE_SHOWN = 'R&amp;D &lt;!channel&gt; &lt;https://evil.example|portal&gt; a&gt;b';
