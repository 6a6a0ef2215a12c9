export * from './lib/web-realtime/web-realtime';
