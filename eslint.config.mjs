// ESLint flat config: typescript-eslint's type-aware recommended rules over every app, package,
// test, benchmark and script; React's hook rules for the page; eslint-config-prettier last so
// no rule here disagrees with the formatter.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tests = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  '**/*.e2e-spec.ts',
  '**/*.fault-spec.ts',
  '**/*.browser-spec.ts',
  '**/test/**/*.ts',
  'packages/testkit/src/**/*.ts',
];

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.local/**', '.jest-results/**', 'packages/client/src/generated/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: {
          // The client's generator script sits outside every tsconfig's include; it gets the root one.
          allowDefaultProject: ['packages/client/scripts/*.ts'],
          defaultProject: 'tsconfig.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The code names what a destructuring drops or a signature must accept with a leading `_`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // DTO factories (`rows.map(FeedbackDto.from)`) are static and use no `this`.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
      // Passing on a caught error as it came (`reject(error)` with `error: unknown`) is a rethrow.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `let proxy!: X` read by a callback before its one assignment cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Indexed reads the code knows are present carry `!` (`rows[0]!`); without noUncheckedIndexedAccess this
      // rule calls each of them unnecessary, and dropping them would only take the code further from that flag.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.mts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}', 'packages/react/src/**/*.ts'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    files: tests,
    rules: {
      // Tests read untyped JSON bodies (`response.json()`, `app.inject`) field by field; `any` flows through every such read.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Test doubles implement async interfaces with `async () => value`; that is what they should look like.
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
