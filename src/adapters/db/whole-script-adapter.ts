import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** Runs a multi-statement SQL script as one simple-protocol query (PostgreSQL runs it in one implicit transaction). */
export type ScriptRunner = (script: string) => Promise<void>;

/**
 * Wraps a driver adapter factory so that migration scripts reach PostgreSQL whole. The stock
 * adapters fall short for migrations: @prisma/adapter-pg splits scripts on every `;` (breaking
 * dollar-quoted function bodies and running statements outside any transaction), and
 * pglite-prisma-adapter does not await the script, so a failing migration would go unnoticed.
 */
export function withWholeScripts(
  factory: SqlMigrationAwareDriverAdapterFactory,
  runScript: ScriptRunner,
  /** How to open a shadow database for diffs; the factory's own when omitted. */
  shadow: () => Promise<SqlDriverAdapter> = () => factory.connectToShadowDb(),
): SqlMigrationAwareDriverAdapterFactory {
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    new Proxy(adapter, {
      get(target, property) {
        if (property === 'executeScript') return runScript;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: shadow,
  };
}
