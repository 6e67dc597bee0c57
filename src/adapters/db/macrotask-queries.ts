import type { SqlDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Wraps a driver adapter factory so that every query starts from a macrotask of its own.
 *
 * Embedded PGlite runs each query synchronously in WebAssembly and resolves its promise at once,
 * so the queries of a use-case follow each other as microtasks: Node runs those to the end before
 * it reads the network again, and a few use-cases at once kept Bolt from reading and acking new
 * Slack requests for seconds (issue 8). Starting each query from setImmediate lets waiting I/O in
 * between, at the cost of one event-loop turn per query. A server database needs none of this:
 * its queries wait on the network anyway.
 */
export function withMacrotaskQueries(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const wrap = <T extends SqlQueryable>(queryable: T): T =>
    new Proxy(queryable, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property === 'queryRaw' || property === 'executeRaw') {
          return async (...args: unknown[]) => {
            await nextMacrotask();
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (property === 'startTransaction') {
          return async (...args: unknown[]) => wrap((await (value as (...a: unknown[]) => Promise<SqlQueryable>).apply(target, args)) as SqlQueryable);
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  return new Proxy(factory, {
    get(target, property) {
      if (property === 'connect') return async () => wrap(await target.connect());
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
