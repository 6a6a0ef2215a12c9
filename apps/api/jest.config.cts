module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  globalSetup: '<rootDir>/../../libs/api/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/api/testing/src/global-teardown.ts',
  testTimeout: 60000,
  // Each worker has its own database and Redis prefix (global setup), so files run side by side;
  // most of their time is spent waiting on servers, not on the CPU.
  maxWorkers: 3,
  // A worker that grew past this (apps and their pools left behind by earlier files) is replaced.
  workerIdleMemoryLimit: '1500MB',
  transform: {
    '^.+\\.[tj]s$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.spec.json',
        astTransformers: { before: ['<rootDir>/jest.swagger-transformer.cjs'] },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/api',
};
