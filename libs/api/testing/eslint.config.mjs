import baseConfig from '../../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The test harness hands the run's database and Redis from jest's global setup to the
    // test files through environment variables, and reads TEST_DATABASE_URL / TEST_REDIS_URL.
    files: ['**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];
