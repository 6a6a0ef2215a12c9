import { AppConfig } from '@hyperion/api/core';
import { RealtimePublisher } from '@hyperion/api/realtime';
import type { HealthReport } from '@hyperion/contracts';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { healthSignature } from './health-report';
import { HealthService } from './health.service';
import { HealthHistoryProducer } from './history/health-history.producer';

/**
 * Checks health every HEALTH_CHECK_INTERVAL_MS and on every /health request; when the state
 * changes it pushes `health:status` to the consoles and records the transition.
 */
@Injectable()
export class HealthMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Health');
  private timer?: NodeJS.Timeout;
  private last?: HealthReport;
  private running?: Promise<HealthReport>;

  constructor(
    private readonly health: HealthService,
    private readonly publisher: RealtimePublisher,
    private readonly history: HealthHistoryProducer,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.publisher.onConnect('health:status', () => this.last ?? this.check());
    void this.check();
    this.timer = setInterval(() => void this.check(), this.config.healthCheckIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** A fresh report; concurrent callers share one run of the probes. */
  check(): Promise<HealthReport> {
    this.running ??= this.health
      .report()
      .then((report) => {
        this.observe(report);
        return report;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private observe(report: HealthReport): void {
    const changed = !this.last || healthSignature(this.last) !== healthSignature(report);
    this.last = report;
    if (!changed) return;
    if (report.status === 'healthy') {
      this.logger.log('Health: healthy');
    } else {
      this.logger.warn(`Health: unhealthy: ${(report.errors ?? []).join('; ')}`);
    }
    this.publisher.publish('health:status', report);
    this.history.record(report);
  }
}
