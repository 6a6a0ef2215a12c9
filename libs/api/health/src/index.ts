export * from './lib/health.module';
export * from './lib/history/health-transition.entity';
export * from './lib/health.domain';
