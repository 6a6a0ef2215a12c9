export * from './lib/ssh-host.domain';
export * from './lib/ssh-host.module';
export * from './lib/ssh-host.service';
