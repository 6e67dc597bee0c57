// ESLint flat config: the recommended JavaScript and typescript-eslint rules (syntax only, no type
// information, so linting stays fast) everywhere, plus the import boundaries of the layered design:
// `src/domain` is pure, `src/app` knows ports and never the adapters or the vendors' SDKs.
// Folders are checked by import-x's no-restricted-paths, which resolves every import to a file (so
// the depth of `../` does not matter); packages by ESLint's own no-restricted-imports, since a
// package or a `node:` built-in is a name, not a file in a zone.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The SDKs and drivers only adapters may import (`src/app` and `src/domain` never). */
const VENDOR_PACKAGES = ['@slack/*', '@prisma/*', '@microsoft/*', '@azure/*', 'pg', '@electric-sql/*'];

/** Third-party libraries `src/domain` may use: pure functions over values, no I/O. */
const PURE_DOMAIN_PACKAGES = ['tldts', 'ipaddr.js', 'iso8601-duration'];

/** What co-located domain tests may import on top of that: the test runner and property testing. */
const DOMAIN_TEST_PACKAGES = ['vitest', 'fast-check'];

/** `text` with the characters that mean something in a regular expression escaped. */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `no-restricted-imports` options that refuse every package not in `allowed` (relative imports are
 * left to `import-x/no-restricted-paths`). Two Node built-ins are pure string functions and are
 * allowed by name only, so the rest of `node:net` (sockets) and `node:url` stays out of reach.
 */
function onlyPackages(allowed) {
  const allowedPattern = [...allowed, 'node:net', 'node:url'].map(escapeRegExp).join('|');
  return {
    paths: [
      { name: 'node:net', allowImportNames: ['isIP'], message: 'src/domain may use only isIP from node:net.' },
      { name: 'node:url', allowImportNames: ['domainToASCII'], message: 'src/domain may use only domainToASCII from node:url.' },
    ],
    patterns: [
      {
        regex: `^(?!\\.|(?:${allowedPattern})(?:/|$))`,
        message: 'src/domain is pure: only the libraries listed in eslint.config.js (no I/O, no SDKs, no logging or metrics).',
      },
    ],
  };
}

/** `import-x/no-restricted-paths` zone: files under `target` may import from the repository only `allowed` folders. */
function onlyFolders(target, allowed, message) {
  return { target, from: './', except: [...allowed, './node_modules'], message };
}

const DOMAIN_FOLDERS = ['./src/domain', './src/shared'];
const DOMAIN_MESSAGE = 'src/domain imports only src/domain and src/shared.';

export default defineConfig([
  globalIgnores(['src/generated/**', 'data/**', 'coverage/**', 'dist/**']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { key: _, ...rest } = value` is how the code drops a key; the rest is what is used.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // A `let` that a closure reads before its one assignment (server.ts) would throw as a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // .tsx: the sandbox page (React). Browser globals need no list: typescript-eslint turns no-undef
    // off for TypeScript, whose own check (sandbox/web/tsconfig.json has the DOM library) covers it.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver()] },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', onlyPackages(PURE_DOMAIN_PACKAGES)],
      'import-x/no-restricted-paths': ['error', { zones: [onlyFolders('./src/domain', DOMAIN_FOLDERS, DOMAIN_MESSAGE)] }],
    },
  },
  {
    // Tests may also use the test runner and the pure builders of test/builders.
    files: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', onlyPackages([...PURE_DOMAIN_PACKAGES, ...DOMAIN_TEST_PACKAGES])],
      'import-x/no-restricted-paths': [
        'error',
        { zones: [onlyFolders('./src/domain', [...DOMAIN_FOLDERS, './test/builders'], DOMAIN_MESSAGE)] },
      ],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: VENDOR_PACKAGES, message: 'src/app talks to vendors through the ports in src/app/ports/.' }] },
      ],
      // Only src/app, src/domain and src/shared: not the adapters, the generated clients, nor the
      // composition root (config.ts, server.ts …), which would bring every adapter with it.
      'import-x/no-restricted-paths': [
        'error',
        { zones: [onlyFolders('./src/app', ['./src/app', ...DOMAIN_FOLDERS], 'src/app depends on ports, the domain and src/shared only, never on adapters, generated clients or the composition root.')] },
      ],
    },
  },
  {
    // src/shared is below the domain (which imports it): it may import only itself.
    files: ['src/shared/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [onlyFolders('./src/shared', ['./src/shared'], 'src/shared imports only src/shared.')] }],
    },
  },
]);
