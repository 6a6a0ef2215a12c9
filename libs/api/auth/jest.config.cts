module.exports = {
  displayName: 'api-auth',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  // Medium specs (*.medium.spec.ts) run the auth module on this run's own PostgreSQL database.
  globalSetup: '<rootDir>/../../../libs/api/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/../../../libs/api/testing/src/global-teardown.ts',
  testTimeout: 60000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/auth',
};
