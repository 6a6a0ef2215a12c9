import { AlertsModule } from '@hyperion/api/alerts';
import { IncidentModule } from '@hyperion/api/incidents';
import { NotificationChannelModule } from '@hyperion/api/notifications';
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';

import { CountedMetrics } from './counted-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsAccess } from './metrics-access';
import { MetricsRegistry } from './metrics-registry';
import { METRICS_SOURCES, MetricsSource } from './metrics-source';
import { MetricsController } from './metrics.controller';
import { StoredMetrics } from './stored-metrics';
import { StoredMetricsRepository } from './stored-metrics.repository';

/**
 * Every family of metrics on /metrics, in this order (each is also provided by MetricsModule).
 * Host metrics (CPU, memory, network and disk of the sampled hosts) join as one more
 * MetricsSource in this list, reading what the host sampler keeps, its module imported below.
 */
const SOURCES = [HttpMetrics, CountedMetrics, StoredMetrics];

/**
 * Prometheus `GET /metrics` (see MetricsAccess for who may read it) and the time of every HTTP
 * request. Imported by MonitorModule, so it is registered with the monitoring domain.
 */
@Module({
  imports: [AlertsModule, IncidentModule, NotificationChannelModule],
  controllers: [MetricsController],
  providers: [
    MetricsAccess,
    MetricsRegistry,
    StoredMetricsRepository,
    ...SOURCES,
    {
      provide: METRICS_SOURCES,
      useFactory: (...sources: MetricsSource[]) => sources,
      inject: SOURCES,
    },
  ],
})
export class MetricsModule implements NestModule {
  constructor(private readonly http: HttpMetrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(this.http.measure.bind(this.http))
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
