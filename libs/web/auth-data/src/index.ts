export * from './lib/auth-api';
export * from './lib/auth.guards';
export * from './lib/auth.interceptor';
export * from './lib/auth.service';
export * from './lib/http-context';
export * from './lib/session-restore';
export * from './lib/session-tabs';
export * from './lib/session-tabs.fake';
