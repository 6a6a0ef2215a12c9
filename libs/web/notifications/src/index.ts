export * from './lib/notification-channel-api';
export * from './lib/notification-channel.routes';
export * from './lib/on-call-api';
