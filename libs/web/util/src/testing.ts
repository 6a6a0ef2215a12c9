// Test helpers of the console's libs (`@hyperion/web/util/testing`): for specs only.
export * from './lib/testing/page-harness';
