export * from './lib/auth.domain';
export * from './lib/auth.module';
export * from './lib/entities';
export * from './lib/guards/actor-resolver.service';
export * from './lib/guards/auth-decorators';
export * from './lib/guards/authenticated-request';
export { CredentialAudit, rejectedApiKey } from './lib/guards/credential-failure';
