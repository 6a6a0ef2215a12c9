export * from './lib/anomaly/streaming-detector';
