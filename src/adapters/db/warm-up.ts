import type { RequestRecords } from '../../app/ports/request-records.ts';
import type { RequestQueries } from '../../app/ports/request-queries.ts';
import type { OutboxStore } from '../slack/outbox/outbox-store.ts';

/**
 * Runs the report path's read queries once at start-up, for a target and user nobody has, so
 * Prisma's query compiler plans their shapes (tens of ms of one busy thread each) before the first
 * Slack requests of a burst wait behind that work for their acks. Reads only: nothing is written.
 */
export async function warmUpQueries(store: RequestRecords & RequestQueries, outbox: OutboxStore): Promise<void> {
  const nobody = 'U0WARMUP';
  await store.findOpenByTarget({ type: 'DomainName', value: 'warm-up.invalid' });
  await store.countReportsSince(nobody, new Date());
  await store.countOpenRequestsOf(nobody);
  await store.view('00000000-0000-4000-8000-000000000000');
  await outbox.dueLanes(new Date(0));
  await outbox.backlog();
}
