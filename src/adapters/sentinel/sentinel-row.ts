import type { AuditExportRow } from '../../app/ports/audit-export.ts';

/**
 * One audit entry as a row of the Sentinel custom table, in the shape of the data collection
 * rule's stream declaration (README, "Forwarding the audit trail to Microsoft Sentinel"):
 * TimeGenerated (datetime) is the entry's `at`; Scope and Details are dynamic (JSON); EntryId tells
 * a row sent twice (a crash between an upload and the cursor's move) from two entries.
 * Source: Azure Monitor, "Logs Ingestion API": the body is a JSON array of objects matching the
 * stream's columns; a custom table needs TimeGenerated.
 */
export type SentinelAuditRow = {
  readonly TimeGenerated: string;
  readonly EntryId: string;
  readonly RequestId: string;
  readonly RequestNumber: number;
  readonly Target: string;
  readonly IndicatorType: string;
  readonly Scope: readonly string[] | null;
  readonly Requester: string;
  readonly Actor: string;
  readonly Action: string;
  readonly FromStatus: string | null;
  readonly ToStatus: string | null;
  readonly Details: unknown;
};

/** The Sentinel row of an audit entry (see SentinelAuditRow). */
export function sentinelRow(row: AuditExportRow): SentinelAuditRow {
  return {
    TimeGenerated: row.at.toISOString(),
    EntryId: row.id,
    RequestId: row.requestId,
    RequestNumber: row.requestNumber,
    Target: row.target,
    IndicatorType: row.indicatorType,
    Scope: row.scope,
    Requester: row.requester,
    Actor: row.actor,
    Action: row.action,
    FromStatus: row.fromStatus,
    ToStatus: row.toStatus,
    Details: row.details,
  };
}
