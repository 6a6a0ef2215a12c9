export * from './lib/confirm-button/confirm-button';
export * from './lib/live-indicator/live-indicator';
export * from './lib/status-badge/status-badge';
