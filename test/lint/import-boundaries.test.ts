import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, test } from 'vitest';

// The boundaries in eslint.config.js, proved on snippets linted as if they lived at `filePath`: a rule
// that silently never fires would let the layers drift apart unnoticed. Relative imports name files
// that exist (checked below), because import-x resolves each import to a file before checking its
// zone and skips one it cannot resolve (tsc refuses those anyway).

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** The ids of the boundary rules that report `code` when it is the file `filePath` (relative to the repository). */
async function boundaryViolations(filePath: string, code: string): Promise<string[]> {
  for (const [, specifier] of code.matchAll(/from '(\.[^']*)'/g)) {
    expect(existsSync(join(repoRoot, dirname(filePath), specifier!)), `${specifier} from ${filePath} exists`).toBe(true);
  }
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  const boundaryRules = ['no-restricted-imports', 'import-x/no-restricted-paths'];
  return result!.messages.filter((m) => m.ruleId !== null && boundaryRules.includes(m.ruleId)).map((m) => m.ruleId!);
}

describe('src/domain imports only src/domain, src/shared and pure libraries', () => {
  test.each([
    ['an adapter', "import { SLASH_COMMAND } from '../adapters/slack/action-ids.ts';", 'import-x/no-restricted-paths'],
    ['a use-case', "import type { RequestStore } from '../app/ports/request-store.ts';", 'import-x/no-restricted-paths'],
    ['the generated Prisma client', "import { PrismaClient } from '../generated/prisma/client.ts';", 'import-x/no-restricted-paths'],
    ['the composition root', "import { loadConfig } from '../config.ts';", 'import-x/no-restricted-paths'],
    ['a re-export of an adapter', "export * from '../adapters/slack/action-ids.ts';", 'import-x/no-restricted-paths'],
    ['the Slack SDK', "import { App } from '@slack/bolt';", 'no-restricted-imports'],
    ['the Prisma runtime', "import { Prisma } from '@prisma/client';", 'no-restricted-imports'],
    ['the Graph client', "import { Client } from '@microsoft/microsoft-graph-client';", 'no-restricted-imports'],
    ['the PostgreSQL driver', "import pg from 'pg';", 'no-restricted-imports'],
    ['the logger', "import pino from 'pino';", 'no-restricted-imports'],
    ['the file system', "import { readFile } from 'node:fs/promises';", 'no-restricted-imports'],
    ['sockets from node:net', "import { connect } from 'node:net';", 'no-restricted-imports'],
    ['the test runner, outside a test', "import { expect } from 'vitest';", 'no-restricted-imports'],
  ])('a domain file importing %s is reported', async (_what, code, rule) => {
    expect(await boundaryViolations('src/domain/example.ts', code)).toEqual([rule]);
  });

  test.each([
    ['another domain module', "import type { Target } from './target/target.ts';"],
    ['src/shared', "import { ok } from '../shared/result.ts';"],
    ['a pure library', "import { parse } from 'tldts';"],
    ['isIP from node:net', "import { isIP } from 'node:net';"],
  ])('a domain file importing %s is not reported', async (_what, code) => {
    expect(await boundaryViolations('src/domain/example.ts', code)).toEqual([]);
  });

  test('a domain test may use the test runner and the builders in test/builders', async () => {
    const code = [
      "import { expect, test } from 'vitest';",
      "import fc from 'fast-check';",
      "import { snapshot } from '../../../test/builders/lifecycle-snapshots.ts';",
    ].join('\n');
    expect(await boundaryViolations('src/domain/lifecycle/example.test.ts', code)).toEqual([]);
  });

  test('a domain test still may not reach an adapter', async () => {
    const code = "import { SLASH_COMMAND } from '../../adapters/slack/action-ids.ts';";
    expect(await boundaryViolations('src/domain/lifecycle/example.test.ts', code)).toEqual(['import-x/no-restricted-paths']);
  });
});

describe('src/app never imports adapters, generated code or vendor SDKs', () => {
  test.each([
    ['an adapter', "import { SLASH_COMMAND } from '../adapters/slack/action-ids.ts';", 'import-x/no-restricted-paths'],
    ['the generated Prisma client', "import { PrismaClient } from '../generated/prisma/client.ts';", 'import-x/no-restricted-paths'],
    ['the Slack SDK', "import { WebClient } from '@slack/web-api';", 'no-restricted-imports'],
    ['the Azure identity library', "import { ClientSecretCredential } from '@azure/identity';", 'no-restricted-imports'],
    ['PGlite', "import { PGlite } from '@electric-sql/pglite';", 'no-restricted-imports'],
    ['the configuration (which brings every adapter)', "import { loadConfig } from '../config.ts';", 'import-x/no-restricted-paths'],
    ['the server', "import { startUnblock } from '../server.ts';", 'import-x/no-restricted-paths'],
  ])('an app file importing %s is reported', async (_what, code, rule) => {
    expect(await boundaryViolations('src/app/example.ts', code)).toEqual([rule]);
  });

  test('an app file importing the domain and src/shared is not reported', async () => {
    const code = [
      "import type { Target } from '../domain/target/target.ts';",
      "import { ok } from '../shared/result.ts';",
    ].join('\n');
    expect(await boundaryViolations('src/app/example.ts', code)).toEqual([]);
  });
});

describe('src/shared imports only src/shared', () => {
  test.each([
    ['an adapter', "import { SLASH_COMMAND } from '../adapters/slack/action-ids.ts';"],
    ['the domain', "import type { Target } from '../domain/target/target.ts';"],
    ['a use-case', "import { decideRequest } from '../app/decide-request.ts';"],
  ])('a shared file importing %s is reported', async (_what, code) => {
    expect(await boundaryViolations('src/shared/example.ts', code)).toEqual(['import-x/no-restricted-paths']);
  });

  test('a shared file importing src/shared is not reported', async () => {
    expect(await boundaryViolations('src/shared/example.ts', "import { ok } from './result.ts';")).toEqual([]);
  });
});
