export * from './lib/health-api';
export * from './lib/health-page/health.routes';
