/**
 * How the audit export writes a row: one JSON object per line (JSON Lines), or CSV (RFC 4180) safe
 * to open in a spreadsheet.
 */
import type { AuditExportRow } from '../../app/ports/audit-export.ts';

export type ExportFormat = 'jsonl' | 'csv';

/** The exported fields, in the order of the CSV columns and of the JSON keys. */
export const EXPORT_FIELDS = ['id', 'at', 'request', 'requestId', 'target', 'indicatorType', 'scope', 'requester', 'actor', 'action', 'from', 'to', 'details'] as const;

/** A row as exported: `at` an ISO-8601 UTC instant, `scope` the device groups the entry records (null: none). */
export function exportRecord(row: AuditExportRow): Record<(typeof EXPORT_FIELDS)[number], unknown> {
  return {
    id: row.id,
    at: row.at.toISOString(),
    request: row.requestNumber,
    requestId: row.requestId,
    target: row.target,
    indicatorType: row.indicatorType,
    scope: row.scope,
    requester: row.requester,
    actor: row.actor,
    action: row.action,
    from: row.fromStatus,
    to: row.toStatus,
    details: row.details,
  };
}

/** One JSON Lines line (ends with \n). */
export function jsonLine(row: AuditExportRow): string {
  return `${JSON.stringify(exportRecord(row))}\n`;
}

/** The CSV header line (ends with CRLF, as RFC 4180 §2 has it). */
export const CSV_HEADER = `${EXPORT_FIELDS.join(',')}\r\n`;

/**
 * One CSV line (ends with CRLF). `scope` reads as the group names joined by "; ", "(all devices)"
 * for an entry that applies to every device, and empty for an entry that records no groups;
 * `details` is its JSON.
 */
export function csvLine(row: AuditExportRow): string {
  const record = exportRecord(row);
  const scope = row.scope === null ? '' : row.scope.length === 0 ? '(all devices)' : row.scope.join('; ');
  const cells = EXPORT_FIELDS.map((field) => {
    if (field === 'scope') return scope;
    if (field === 'details') return JSON.stringify(row.details ?? {});
    const value = record[field];
    return value === null || value === undefined ? '' : String(value);
  });
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (starting with = + - @, a tab or a
 * carriage return) gets a leading apostrophe, as OWASP's "CSV Injection" page advises; then, per
 * RFC 4180 §2, a cell holding a comma, a double quote or a line break is quoted, its quotes doubled.
 */
export function csvCell(text: string): string {
  const defused = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
}
