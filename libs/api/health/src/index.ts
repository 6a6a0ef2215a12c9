export * from './lib/health.domain';
export * from './lib/health.module';
export * from './lib/history/health-transition.entity';
