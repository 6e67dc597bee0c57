import { PGlite } from '@electric-sql/pglite';
import type { SqlQuery, SqlQueryable } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withMacrotaskQueries } from './macrotask-queries.ts';

const SELECT_ONE: SqlQuery = { sql: 'SELECT 1', args: [], argTypes: [] };

/** Two queries in a row, with a macrotask (a stand-in for an incoming request) queued after the first starts. */
async function twoQueriesAndARequest(queryable: SqlQueryable): Promise<string[]> {
  const order: string[] = [];
  const job = (async () => {
    const first = queryable.queryRaw(SELECT_ONE);
    setImmediate(() => order.push('request'));
    await first;
    order.push('first query');
    await queryable.queryRaw(SELECT_ONE);
    order.push('second query');
  })();
  await job;
  await new Promise((resolve) => setImmediate(resolve));
  return order;
}

describe('withMacrotaskQueries', () => {
  let pglite: PGlite;
  beforeAll(async () => {
    pglite = new PGlite('memory://');
    await pglite.waitReady;
  });
  afterAll(() => pglite.close());

  test('PGlite alone answers queries in a row without letting a waiting macrotask in (why the wrapper exists)', async () => {
    const adapter = await new PrismaPGlite(pglite).connect();
    expect(await twoQueriesAndARequest(adapter)).toEqual(['first query', 'second query', 'request']);
  });

  test('lets a waiting macrotask run between two queries', async () => {
    const adapter = await withMacrotaskQueries(new PrismaPGlite(pglite)).connect();
    expect(await twoQueriesAndARequest(adapter)).toEqual(['first query', 'request', 'second query']);
  });

  test('does the same inside a transaction, and still commits it', async () => {
    const adapter = await withMacrotaskQueries(new PrismaPGlite(pglite)).connect();
    await adapter.executeScript('CREATE TABLE IF NOT EXISTS t (n int)');
    const tx = await adapter.startTransaction();
    const order = await twoQueriesAndARequest(tx);
    await tx.executeRaw({ sql: 'INSERT INTO t VALUES (1)', args: [], argTypes: [] });
    await tx.commit();
    expect(order).toEqual(['first query', 'request', 'second query']);
    expect((await adapter.queryRaw({ sql: 'SELECT count(*)::int FROM t', args: [], argTypes: [] })).rows).toEqual([[1]]);
  });
});
