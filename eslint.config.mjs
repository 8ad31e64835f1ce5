// Lint gate: the architecture's boundaries as rules, and the type-aware checks the house style asks
// for (no `any`, no floating promises). Run by `npm test` (scripts/test.sh).
import fs from 'node:fs';
import tseslint from 'typescript-eslint';

// One folder per department of the departments table (shared/departments.ts); a test
// (tests/unit/departments.test.ts) checks that the folders are exactly the table's slugs.
const SUBGRAPHS = fs
  .readdirSync(new URL('./subgraphs/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

// Import specifiers are matched as written (relative or not), so the rules name folders by regex.
const restrict = (folders, message) => [
  'error',
  { patterns: [{ regex: `(^|/)(${folders.join('|')})(/|$)`, message }] },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.data/**',
      'tests/compatibility/node_modules/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unsafe-function-type': 'error',
      // Every switch over a union names every member (ending in assertNever, shared/assert-never.ts).
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'no-var': 'error',
      'no-console': 'error',
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  // shared/ imports nothing from gateway/ or subgraphs/.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['gateway', 'subgraphs', 'tests'],
        'shared/ must not depend on gateway/, subgraphs/ or tests/',
      ),
    },
  },
  // The gateway never imports subgraph code: it knows the supergraph and URLs.
  {
    files: ['gateway/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['subgraphs', 'tests'],
        'the gateway knows subgraphs only through the supergraph',
      ),
    },
  },
  // A subgraph never imports another subgraph; production code never imports tests.
  ...SUBGRAPHS.map((slug) => ({
    files: [`subgraphs/${slug}/**/*.ts`],
    rules: {
      'no-restricted-imports': restrict(
        [...SUBGRAPHS.filter((other) => other !== slug), 'gateway', 'tests'],
        'subgraphs meet only through the graph; production code never imports tests or the gateway',
      ),
    },
  })),
  // The dashboard is a client of the one graph: it imports no server code at all.
  {
    files: ['dashboard/**/*.ts', 'dashboard/**/*.tsx'],
    rules: {
      'no-restricted-imports': restrict(
        ['gateway', 'subgraphs', 'shared', 'tests', 'scripts'],
        'the dashboard knows the hub only through the graph (POST /graphql)',
      ),
    },
  },
  {
    files: ['scripts/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['tests'], 'production code never imports tests') },
  },
  // Commands and tests write to the terminal on purpose.
  { files: ['scripts/**/*.ts', 'tests/**/*.ts'], rules: { 'no-console': 'off' } },
);
