export * from './lib/audit-log.entity';
export * from './lib/audit.domain';
export * from './lib/audit.module';
export * from './lib/audit.service';
