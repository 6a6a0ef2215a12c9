import { DatabaseLifecycle, errorMessage } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

import { withTimeout } from './with-timeout';

const PROBE_TIMEOUT_MS = 2000;

/** PostgreSQL answers `SELECT 1` within the timeout. */
@Injectable()
export class DatabaseIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly lifecycle: DatabaseLifecycle,
  ) {}

  async check() {
    const indicator = this.indicators.check('database');
    if (!this.lifecycle.ready) {
      // Try now rather than wait for the next background retry.
      if (!(await this.lifecycle.connect())) {
        return indicator.down({ message: this.lifecycle.lastError ?? 'not connected' });
      }
    }
    const started = Date.now();
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS);
      return indicator.up({ latency_ms: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: errorMessage(error) });
    }
  }
}
