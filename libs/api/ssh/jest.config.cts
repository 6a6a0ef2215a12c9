module.exports = {
  displayName: 'api-ssh',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  // A database of this run's own on PostgreSQL, and Redis under a prefix of its own.
  globalSetup: '<rootDir>/../../../libs/api/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/../../../libs/api/testing/src/global-teardown.ts',
  testTimeout: 60000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/ssh',
};
