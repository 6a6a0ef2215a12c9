export * from './lib/alert/alerts.domain';
export * from './lib/config/alert-config.domain';
export * from './lib/ingest-model/report-format';
export * from './lib/reports/alert-report-queries';
export * from './lib/service.domain';
export * from './lib/service.module';
export * from './lib/service.service';
