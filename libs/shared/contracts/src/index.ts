export * from './lib/api';
export * from './lib/audit';
export * from './lib/auth';
export * from './lib/health';
export * from './lib/organizations';
export * from './lib/permissions';
export * from './lib/queues';
export * from './lib/realtime';
