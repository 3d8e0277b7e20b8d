// NestJS 12 is ESM-only: Jest runs in ESM mode (node --experimental-vm-modules), see README "Tests".
import { readFileSync } from 'node:fs';

const tsconfig = JSON.parse(readFileSync(new URL('./tsconfig.json', import.meta.url), 'utf8'));
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = `<rootDir>/${target.replace('./', '')}`;
}
// The web app imports libs/core's browser-safe modules by path (apps/web/vite.config.mts).
moduleNameMapper['^@council/core/(.*)\\.js$'] = '<rootDir>/libs/core/src/$1';

export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/web/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // Stryker's sandboxes copy package.json and the specs; Jest must not index them (haste name collision).
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  // Each file sees its worker's own database and queue prefix (scripts/test.mjs prepares them).
  setupFiles: ['<rootDir>/test/support/worker-environment.ts'],
  testTimeout: 60000,
  // scripts/test.mjs decides how many files run at once (TEST_WORKERS).
  maxWorkers: Number(process.env.TEST_WORKERS) || 1,
};
