import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { AppConfig, LeaderLease, LeaderLoop } from '@hyperion/api/core';
import { RealtimePublisher } from '@hyperion/api/realtime';
import type { HealthReport } from '@hyperion/contracts';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { healthSignature } from './health-report';
import { HealthTransitionGate } from './health-transition-gate';
import { HealthService } from './health.service';
import { HealthHistoryProducer, transitionOf } from './history/health-history.producer';

/** The lease whose holder runs the periodic check: `<REDIS_PREFIX>:lease:health-monitor`. */
export const HEALTH_MONITOR_LEASE = 'health-monitor';

/**
 * Checks health every HEALTH_CHECK_INTERVAL_MS on the one instance that holds the
 * `health-monitor` lease, and on any instance for each /health request. Every instance answers
 * from its own last report; a change of state is pushed (`health:status`) and recorded once for
 * the whole deployment, by the instance that `HealthTransitionGate` picks.
 */
@Injectable()
export class HealthMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Health');
  private loop?: LeaderLoop;
  private resync?: NodeJS.Timeout;
  private last?: { report: HealthReport; at: number };
  private running?: Promise<HealthReport>;
  private stopped = false;

  constructor(
    private readonly health: HealthService,
    private readonly publisher: RealtimePublisher,
    private readonly history: HealthHistoryProducer,
    private readonly config: AppConfig,
    private readonly lease: LeaderLease,
    private readonly gate: HealthTransitionGate,
  ) {}

  onApplicationBootstrap(): void {
    this.publisher.onConnect('health:status', () => this.current());
    this.loop = this.lease.runWhileLeader(
      HEALTH_MONITOR_LEASE,
      this.config.healthCheckIntervalMs,
      () => this.check(),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.resync);
    await this.loop?.stop();
    await this.running?.catch(() => undefined);
  }

  /** A fresh report; concurrent callers share one run of the probes. */
  check(): Promise<HealthReport> {
    this.running ??= this.health
      .report()
      .then(async (report) => {
        await this.observe(report);
        return report;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** What a newly connected console is greeted with: this instance's last report, if recent. */
  private current(): HealthReport | Promise<HealthReport> {
    const last = this.last;
    const recent = last && performance.now() - last.at < 2 * this.config.healthCheckIntervalMs;
    return recent ? last.report : this.check();
  }

  private async observe(report: HealthReport): Promise<void> {
    const signature = healthSignature(report);
    const previous = this.last && healthSignature(this.last.report);
    this.last = { report, at: performance.now() };
    if (signature !== previous) this.logState(report);

    const leading = () => this.lease.isLeader(HEALTH_MONITOR_LEASE);
    if (await this.gate.claim(signature, leading)) {
      const correlationId = randomUUID();
      this.logger.log(`Recording the change to ${report.status} (correlationId=${correlationId})`);
      this.publisher.publish('health:status', report, 'instance');
      this.history.record(transitionOf(report), correlationId);
    }
    this.resyncLater();
  }

  private logState(report: HealthReport): void {
    if (report.status === 'healthy') {
      this.logger.log('Health: healthy');
    } else {
      this.logger.warn(`Health: unhealthy: ${(report.errors ?? []).join('; ')}`);
    }
  }

  /**
   * A change recorded alone during a Redis outage must reach Redis once it is back, even if this
   * instance no longer leads (and so no longer checks by itself): check again until it has.
   */
  private resyncLater(): void {
    if (this.stopped || this.resync || !this.gate.pending) return;
    this.resync = setTimeout(() => {
      this.resync = undefined;
      void this.check()
        .catch(() => undefined)
        .finally(() => this.resyncLater());
    }, this.config.healthCheckIntervalMs);
    this.resync.unref();
  }
}
