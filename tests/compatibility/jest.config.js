// Jest configuration of the compatibility run (tests/compatibility/run.sh). It runs the suite's
// own compiled test files from node_modules, unchanged, with the suite's own jest (29); the
// harness (TypeScript) is compiled with the root's @swc/jest, like the rest of the repository.
'use strict';
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const suiteDir = path.dirname(
  require.resolve('@apollo/federation-subgraph-compatibility-tests/package.json', { paths: [__dirname] }),
);

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  roots: [path.join(suiteDir, 'dist', 'tests')],
  testMatch: ['**/*.test.js'],
  // The suite lives under node_modules: keep jest from ignoring it (as the suite's own config does).
  testPathIgnorePatterns: [],
  haste: { retainAllFiles: true },
  watchman: false,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      require.resolve('@swc/jest', { paths: [repoRoot] }),
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true } },
        module: { type: 'commonjs' },
      },
    ],
  },
  // The suite's router URL is hard-coded to http://localhost:4000/; see harness/router-client.ts.
  moduleNameMapper: { '^\\.\\./utils/client$': '<rootDir>/harness/router-client.ts' },
  globalSetup: '<rootDir>/harness/global-setup.ts',
  globalTeardown: '<rootDir>/harness/global-teardown.ts',
  reporters: ['<rootDir>/harness/reporter.js'],
  // harness/reporter.js decides the exit code from the suite's required/optional cases.
  testFailureExitCode: 0,
  testTimeout: 15000,
};
