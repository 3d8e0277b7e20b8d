// Mutation testing of the pure core (issue 17, item 8): `npm run mutation`, not part of `npm test`.
// Only the core's own unit specs run (and group-commit's): the e2e specs under test/ need PostgreSQL and Redis,
// and the other libraries' specs load exceljs, GraphQL and Nest, which cost seconds per mutant. The core is
// meant to be covered by its own specs; a mutant only a caller's spec would notice counts as a survivor.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['libs/core/src/**/*.ts', '!libs/core/src/**/*.spec.ts', 'libs/messaging/src/group-commit.ts'],
  testRunner: 'jest',
  // The project's Jest runs in ESM mode (NestJS 12 is ESM-only), which needs this flag in the runner's node.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: {
    configFile: 'jest.config.mjs',
    config: { testMatch: ['<rootDir>/libs/core/**/*.spec.ts', '<rootDir>/libs/messaging/src/group-commit.spec.ts'] },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  // One runner: this 2-core machine is shared with other test runs.
  concurrency: 1,
  // Re-running only mutants whose code or tests changed; `--force` re-runs everything.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  thresholds: { high: 90, low: 85, break: null },
  reporters: ['html', 'clear-text', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
};
