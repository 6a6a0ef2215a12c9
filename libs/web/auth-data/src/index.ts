export * from './lib/auth-api';
export * from './lib/auth.guards';
export * from './lib/auth.interceptor';
export * from './lib/auth.service';
export * from './lib/http-context';
export * from './lib/token-store';
