module.exports = {
  displayName: 'api-realtime',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/api/realtime',
  // The medium specs (*.medium.spec.ts) run two API instances on real Redis; each wait in them
  // is bounded by far less than this.
  testTimeout: 20_000,
  globals: { TEST_REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379' },
};
