export * from './lib/live-topics';
export * from './lib/realtime-publisher.service';
export type { DomainSocket, SocketHandler } from './lib/realtime.gateway';
export * from './lib/realtime.module';
export * from './lib/redis-io.adapter';
export * from './lib/rooms';
export * from './lib/socket-authenticator';
