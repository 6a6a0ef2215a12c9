export * from './lib/monitor.domain';
export * from './lib/monitor.module';
export * from './lib/monitor.service';
