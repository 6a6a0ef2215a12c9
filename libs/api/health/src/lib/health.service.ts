import { statfs } from 'node:fs/promises';
import { freemem, totalmem } from 'node:os';

import { AppConfig } from '@hyperion/api/core';
import type { DependencyHealthReport, DiskHealth, HealthReport } from '@hyperion/contracts';
import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';

import { buildHealthReport, diskHealth, memoryHealth, ProbeResult } from './health-report';
import { DatabaseIndicator } from './indicators/database.indicator';
import { RedisIndicator } from './indicators/redis.indicator';

type Dependency = DependencyHealthReport['name'];

/** Runs the probes (through Terminus) and shapes their results into the health report. */
@Injectable()
export class HealthService {
  constructor(
    private readonly terminus: HealthCheckService,
    private readonly database: DatabaseIndicator,
    private readonly redis: RedisIndicator,
    private readonly config: AppConfig,
  ) {}

  async report(): Promise<HealthReport> {
    const [probes, disk] = await Promise.all([
      this.probe([() => this.database.check(), () => this.redis.check()]),
      this.disk(),
    ]);
    const memory = memoryHealth(
      process.memoryUsage(),
      totalmem(),
      freemem(),
      this.config.memoryUsageThreshold,
    );
    return buildHealthReport(
      { database: probes['database'], redis: probes['redis'], disk, memory },
      new Date(),
    );
  }

  async dependency(name: Dependency): Promise<DependencyHealthReport> {
    const indicator = name === 'database' ? this.database : this.redis;
    const result = (await this.probe([() => indicator.check()]))[name];
    const report: DependencyHealthReport = {
      name,
      state: result.up ? 'OK' : 'ERROR',
      status: result.up ? 'healthy' : 'unhealthy',
      timestamp: new Date().toISOString(),
    };
    if (result.latencyMs !== undefined) report.latency_ms = result.latencyMs;
    if (!result.up) {
      const what = name === 'database' ? 'PostgreSQL' : 'Redis';
      report.errors = [`${what} connection failed: ${result.message ?? 'no answer'}`];
    }
    return report;
  }

  private async probe(
    indicators: (() => Promise<HealthIndicatorResult>)[],
  ): Promise<Record<string, ProbeResult>> {
    let result: HealthCheckResult;
    try {
      result = await this.terminus.check(indicators);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const probes: Record<string, ProbeResult> = {};
    for (const [key, detail] of Object.entries(result.details)) {
      probes[key] = {
        up: detail.status === 'up',
        message: typeof detail['message'] === 'string' ? detail['message'] : undefined,
        latencyMs: typeof detail['latency_ms'] === 'number' ? detail['latency_ms'] : undefined,
      };
    }
    return probes;
  }

  private async disk(): Promise<DiskHealth> {
    const path = this.config.dataDir;
    try {
      const s = await statfs(path);
      return diskHealth(path, s.blocks, s.bfree, s.bavail, this.config.diskUsageThreshold);
    } catch {
      // DATA_DIR may not exist yet with an external database: measure the working directory.
      const s = await statfs('.');
      return diskHealth(process.cwd(), s.blocks, s.bfree, s.bavail, this.config.diskUsageThreshold);
    }
  }
}
