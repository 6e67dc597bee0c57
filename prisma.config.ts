import { defineConfig } from 'prisma/config';

/**
 * Read by the Prisma CLI, in practice only by `prisma generate` (`npm run db:generate`). The bot
 * does not use the CLI for migrations: at start-up openMigratedDatabase
 * (src/adapters/db/open-migrated-database.ts) applies the pending ones with applyMigrations
 * (apply-migrations.ts) in a child process, and `npm run db:migration` (scripts/create-migration.ts)
 * creates them; both run the WebAssembly schema engine on prisma/migrations themselves
 * (migration-directory.ts), so no datasource URL is needed here. `migrations.path` names that same
 * directory for anyone running `prisma migrate` by hand.
 */
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
