export * from './lib/confirm-button/confirm-button';
export * from './lib/connection-banner/connection-banner';
export * from './lib/forms/autofocus';
export * from './lib/forms/error-after-submit';
export * from './lib/live-indicator/live-indicator';
export * from './lib/logo/logo';
export * from './lib/state-sparkline/state-sparkline';
export * from './lib/status-badge/status-badge';
