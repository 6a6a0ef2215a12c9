export * from './lib/ssh-host-api';
export * from './lib/ssh-host.routes';
export * from './lib/ssh-session-api';
