import { expect, it } from 'vitest';
import { pendingMigrationSql } from '../../src/adapters/db/pending-migration-sql.ts';

// A schema.prisma change without its migration would reach production unapplied: fail here instead.
it('the committed migrations produce exactly prisma/schema.prisma (npm run db:migration has nothing to add)', async () => {
  expect(await pendingMigrationSql()).toBeNull();
});
