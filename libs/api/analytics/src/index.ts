export * from './lib/analytics.domain';
export * from './lib/analytics.module';
export * from './lib/anomaly/score-request';
export * from './lib/anomaly/streaming-detector';
