import type { Config } from 'jest';

const config: Config = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Fetches (once, then cached) the Java time-skipping test server.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
  // Each file starts its own test server, bundles workflow code, and some
  // spawn worker processes: one file at a time keeps a 2-core machine's
  // timing steady.
  maxWorkers: 1,
  testTimeout: 60_000,
  verbose: true,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};

export default config;
