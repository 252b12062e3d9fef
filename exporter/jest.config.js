/**
 * Two projects: `unit` needs nothing but Node (`npm run test:unit`: seconds, no database); `database`
 * talks to a real PostgreSQL, started once for the run by test/support/global-setup.ts.
 */
const common = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};

module.exports = {
  maxWorkers: 2,
  // a deadline against hangs, not a measure: on a shared 2-core machine the random-stream test alone
  // runs for 30 to 75 s
  testTimeout: 300000,
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...common,
      displayName: 'database',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
