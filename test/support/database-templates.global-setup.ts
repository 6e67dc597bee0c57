import type { TestProject } from 'vitest/node';
import { buildDatabaseTemplates } from './test-databases.ts';

/**
 * Vitest global setup: builds the test databases' templates once per run, in the main process,
 * and hands them to every test file (`inject('databaseTemplates')`, read by test-databases.ts).
 * Each file used to build its own (the forks pool starts a process per file), paying initdb and
 * the migrations every time. Removed when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { templates, remove } = await buildDatabaseTemplates(process.env.TEST_DATABASE_URL || undefined);
  project.provide('databaseTemplates', templates);
  return remove;
}
