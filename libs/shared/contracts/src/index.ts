export * from './lib/api';
export * from './lib/health';
export * from './lib/queues';
export * from './lib/realtime';
