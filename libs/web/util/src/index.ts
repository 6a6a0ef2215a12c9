export * from './lib/api-error';
export * from './lib/busy';
export * from './lib/human-message';
export * from './lib/load-resource';
export * from './lib/time-format';
