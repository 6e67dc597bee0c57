import type { ReconcileDeps } from '../../src/app/reconcile.ts';
import type { DatabaseSettings } from '../../src/adapters/db/database.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { openWorld, type UseCaseWorld } from './use-case-world.ts';
import { openMigrated, type DatabaseTarget } from '../support/test-databases.ts';
import { reconcilerDeps } from '../builders/lifecycle-requests.ts';

/** One database, two reconcilers on it (each with its own store), and one Defender, Slack and clock. */
export interface ReplicaWorld extends UseCaseWorld {
  readonly replicas: readonly [ReconcileDeps, ReconcileDeps];
}

/** Opens a world on `target` with a second replica's store on the same database. */
export async function openReplicaWorld(target: DatabaseTarget, options: { approvers?: readonly string[] } = {}): Promise<ReplicaWorld> {
  // openWorld creates the database through the target; keep its settings to connect a second time.
  let settings: DatabaseSettings | undefined;
  const remembering: DatabaseTarget = {
    name: target.name,
    create: async (createOptions) => {
      const database = await target.create(createOptions);
      settings = database.settings;
      return database;
    },
  };
  const world = await openWorld(remembering, options);
  // On PostgreSQL each replica gets its own connection pool, as separate processes would. A PGlite
  // directory can be open once per process, so there the replicas share the one handle.
  const other = world.db.kind === 'postgres' ? await openMigrated(settings!) : world.db;
  return {
    ...world,
    replicas: [reconcilerDeps(world.deps, 'replica-a'), reconcilerDeps(world.deps, 'replica-b', new PrismaRequestStore(other.prisma))],
    close: async () => {
      if (other !== world.db) await other.close();
      await world.close();
    },
  };
}
