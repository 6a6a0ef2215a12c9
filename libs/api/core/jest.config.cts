module.exports = {
  displayName: 'api-core',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  globalSetup: '<rootDir>/../testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/../testing/src/global-teardown.ts',
  testTimeout: 60000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/core',
};
