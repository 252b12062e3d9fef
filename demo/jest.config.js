/** Suites run against the real PostgreSQL the exporter's test set-up starts (one per run). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  globalSetup: '<rootDir>/../exporter/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/../exporter/test/support/global-teardown.ts',
  // a deadline against hangs, not a measure: the checkout test installs and starts a whole demo
  testTimeout: 300000,
  maxWorkers: 2,
};
