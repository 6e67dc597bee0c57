import type { AuditExportQuery, AuditExportReader, AuditExportRow } from '../../app/ports/audit-export.ts';
import { CSV_HEADER, csvLine, jsonLine, type ExportFormat } from './export-format.ts';

/** Rows read per query: large enough to make the round trips cheap, small enough to keep memory flat. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * Every row of [since, until) in time order, read a page at a time: only the page being written is
 * held, so a million rows cost no more memory than a thousand. The next page is read only when the
 * consumer asks for more (an async generator pulled by Readable.from, which stops pulling while the
 * destination is full).
 */
export async function* exportRows(reader: AuditExportReader, range: Pick<AuditExportQuery, 'since' | 'until'>, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<AuditExportRow> {
  let after: AuditExportQuery['after'];
  for (;;) {
    const page = await reader.page({ ...range, ...(after && { after }), limit: pageSize });
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = { at: last.at, id: last.id };
  }
}

/** Text handed to the stream at once: about 64 KiB of lines, not one small chunk per row. */
const CHUNK_CHARS = 64 * 1024;

/** The export as text: the CSV header first for csv, then one line per row, in chunks of lines. */
export async function* exportLines(rows: AsyncIterable<AuditExportRow>, format: ExportFormat): AsyncGenerator<string> {
  const line = format === 'csv' ? csvLine : jsonLine;
  let chunk = format === 'csv' ? CSV_HEADER : '';
  for await (const row of rows) {
    chunk += line(row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
