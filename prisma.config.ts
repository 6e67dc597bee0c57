import { defineConfig } from "prisma/config";

/**
 * Only `prisma generate` reads this file. Migrations are applied at start-up by
 * src/adapters/db/migrate.ts and created by `npm run db:migration`, both through the
 * WebAssembly schema engine, so no datasource URL is needed here.
 */
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
