export * from './lib/socket.service';
