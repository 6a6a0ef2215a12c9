export * from './lib/host-api';
export * from './lib/host.routes';
export * from './lib/monitor-api';
export * from './lib/monitor.routes';
export * from './lib/status-page-api';
export * from './lib/status-page.routes';
