// Type-aware lint: catches real bugs (floating promises, misused promises, non-exhaustive
// switches, ==) and enforces the layering rules: common/ imports nothing from server/web/cli,
// web/ and cli/ never import server/, and a feature's store is its own (below).
import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import i18next from 'eslint-plugin-i18next';
import globals from 'globals';

const layer = (from, forbidden, ignores = []) => ({
  files: [`${from}/**/*.{ts,tsx}`],
  ignores,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((f) => ({
          group: [`#${f}/*`, `**/${f}/**`],
          message: `${from}/ must not import ${f}/ (see CONVENTIONS.md).`,
        })),
      },
    ],
  },
});

/**
 * A feature's tables are its own: `server/<feature>/store.ts` and `<topic>-store.ts` are
 * imported only from inside that folder. Other features (and tests elsewhere) call the
 * feature's exported functions, so a rule that guards a write (a cache, an event, a check)
 * cannot be walked around. One block per folder of server/, generated from the folder list so
 * a new feature is covered the day it is made.
 */
const STORE = '([\\w-]+-)?store';
const storeMessage = (where) =>
  `${where} must not import another feature's store: call that feature's exported functions instead.`;
const serverFeatures = fs
  .readdirSync(new URL('./server/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const ownStoreOnly = (feature) => ({
  files: [`server/${feature}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            // #server/<other>/…store, ../<other>/…store, or two levels up and beyond.
            regex: `^(#server/(?!${feature}/)[^/]+|\\.\\./(?!${feature}/)[^/.][^/]*|(\\.\\./){2,}.*)/${STORE}$`,
            message: storeMessage(`server/${feature}/`),
          },
        ],
      },
    ],
  },
});
const storeBoundaries = [
  ...serverFeatures.map((f) => ownStoreOnly(f)),
  // The operator commands run server code in-process, through its services like any feature.
  {
    files: ['cli/commands/**/*.ts', 'cli/database.ts', 'cli/program.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: `^(#server/[^/]+|(\\.\\./)+server/[^/]+)/${STORE}$`, message: storeMessage('cli/') }] },
      ],
    },
  },
  // Tests outside server/ go through the services too; the few that must write rows directly
  // (seeding thousands of messages) say why where they do.
  {
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: `^(#server/[^/]+|(\\.\\./)+server/[^/]+)/${STORE}$`, message: storeMessage('test/') }] },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Every word a member reads comes from the word files (web/src/locales), in English and German:
  // JSX text and the attributes people read (labels, tooltips, placeholders) may not be literal.
  // Words built in plain .ts files the rule cannot see; test/e2e/german-everywhere.test.ts does.
  {
    files: ['web/src/**/*.tsx'],
    ignores: ['**/*.test.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { include: ['^(aria-label|aria-description|title|placeholder|label|alt)$'] },
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  layer('common', ['server', 'web', 'cli']),
  layer('web', ['server', 'cli']),
  // Operator commands (serve, user …) run the server's own code in-process on the database;
  // every other CLI module (the chat client) must go through the HTTP API like any client.
  layer('cli', ['server', 'web'], ['cli/commands/**', 'cli/database.ts', 'cli/operator.ts', 'cli/program.ts']),
  ...storeBoundaries,
);
