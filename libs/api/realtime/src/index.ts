export * from './lib/live-topics';
export * from './lib/realtime-publisher.service';
export * from './lib/realtime.module';
export * from './lib/redis-io.adapter';
export * from './lib/rooms';
export * from './lib/socket-authenticator';
