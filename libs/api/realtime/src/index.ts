export * from './lib/api-realtime.module';
