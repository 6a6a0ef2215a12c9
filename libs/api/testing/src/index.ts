export * from './lib/domain-migration';
export * from './lib/loopback-peers';
export * from './lib/medium';
export * from './lib/sshd-peer';
export * from './lib/tcp-proxy';
export * from './lib/test-environment';
export * from './lib/wait-for';
