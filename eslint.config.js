// ESLint flat config: the recommended JavaScript and typescript-eslint rules (syntax only, no type
// information, so linting stays fast) everywhere.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

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
]);
