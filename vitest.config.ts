import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'sandbox/**/*.test.ts', 'sandbox/**/*.test.tsx'],
    setupFiles: ['test/support/trust-test-ca.ts'],
    // The test databases' templates (PGlite initdb, migrations; a migrated PostgreSQL database), once per run.
    globalSetup: ['test/support/database-templates.global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each database-backed file opens its own PGlite, which needs memory; two at a time fits CI.
    maxWorkers: 2,
  },
});
