import type { Config } from 'jest';

/**
 * Four projects. `unit`: pure modules in-process, no Java and no server
 * (`npm run test:unit`, seconds). `integration`: real Temporal servers (the
 * Java time-skipping test server, the dev server, spawned processes).
 * `npm test` runs these two; `multi-process` (several worker processes on one
 * dev server) runs on its own, `npm run test:multi-process`, and so does
 * `dev-server` (fleet operations with hundreds of tasks on a real dev
 * server), `npm run test:dev-server`, and `native-pause` (our pause beside
 * Temporal's own, on a server that has it), `npm run test:native-pause`.
 */
const config: Config = {
  projects: [
    {
      displayName: 'unit',
      preset: 'ts-jest',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
    },
    {
      displayName: 'integration',
      preset: 'ts-jest',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/*.test.ts'],
      // Fetches (once, then cached) the Java time-skipping test server.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
    {
      // `npm run test:multi-process`, its own CI step: copies of the worker
      // process on a dev server (built first by the npm script), SIGKILLs,
      // failover; slower than the rest.
      displayName: 'multi-process',
      preset: 'ts-jest',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/multi-process'],
      testMatch: ['**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
    {
      // `npm run test:dev-server`, its own CI step: minutes of work on a real dev server.
      displayName: 'dev-server',
      preset: 'ts-jest',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/dev-server'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
    {
      // `npm run test:native-pause`, its own CI step: our pause beside Temporal's
      // native workflow pause, on a server that has it (built first by the npm
      // script, `scripts/build-temporal-server.sh`).
      displayName: 'native-pause',
      preset: 'ts-jest',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/native-pause'],
      testMatch: ['**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
  ],
  // Each integration file starts its own test server, bundles workflow code,
  // and some spawn worker processes: one file at a time keeps a 2-core
  // machine's timing steady.
  maxWorkers: 1,
  testTimeout: 60_000,
  verbose: true,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};

export default config;
