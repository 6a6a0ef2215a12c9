export * from './lib/monitor-api';
export * from './lib/monitor.routes';
