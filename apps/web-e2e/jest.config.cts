/**
 * End-to-end: the built API (serving the built console) as a child process, driven through a
 * real headless Chromium. Build both apps first (`nx test web-e2e` does it).
 */
module.exports = {
  displayName: 'web-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  globalSetup: '<rootDir>/../../libs/api/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/api/testing/src/global-teardown.ts',
  testTimeout: 120000,
  // One server and one browser at a time: the suite is about a single running app.
  maxWorkers: 1,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/web-e2e',
};
