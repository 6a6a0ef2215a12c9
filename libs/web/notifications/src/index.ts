export * from './lib/notification-channel-api';
export * from './lib/notification-channel.routes';
