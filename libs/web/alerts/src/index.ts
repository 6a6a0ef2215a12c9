export * from './lib/alerts-api';
export * from './lib/alerts.routes';
export * from './lib/service-api';
