export * from './lib/web-health/web-health';
