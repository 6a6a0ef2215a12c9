module.exports = {
  displayName: 'api-health',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  // Medium specs (*.medium.spec.ts) run several instances against real Redis and wait on leases.
  testTimeout: 30000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/health',
};
