export * from './lib/delivery/notification-counters';
export * from './lib/delivery/notification-delivery.service';
export * from './lib/notification-channel.domain';
export * from './lib/notification-channel.module';
export * from './lib/notification-channel.service';
export * from './lib/on-call/on-call.domain';
export * from './lib/paging/paging.domain';
