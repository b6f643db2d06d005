import path from 'node:path';
import type { Config } from 'jest';

/**
 * The browser tests (`npm run test:browser`): the dashboard in headless
 * Chromium, against a real worker process on its embedded dev server. Kept
 * out of `npm test`; CI runs them as a step of their own.
 */
const config: Config = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'browser',
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/browser/global-setup.ts',
  maxWorkers: 1,
  testTimeout: 120_000,
  verbose: true,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};

export default config;
