import { errorMessage, RUNTIME_ENDPOINTS, RuntimeEndpoints } from '@hyperion/api/core';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';

import { withTimeout } from './with-timeout';

const PROBE_TIMEOUT_MS = 1500;

/** Redis answers PING within the timeout. Uses its own connection, never queueing commands. */
@Injectable()
export class RedisIndicator implements OnModuleDestroy {
  private readonly client: Redis;
  private lastError?: string;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(RUNTIME_ENDPOINTS) endpoints: RuntimeEndpoints,
  ) {
    this.client = new Redis(endpoints.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: PROBE_TIMEOUT_MS,
      retryStrategy: () => 1000,
      connectionName: 'hyperion-health',
    });
    this.client.on('error', (error: Error) => (this.lastError = errorMessage(error)));
    this.client.on('ready', () => (this.lastError = undefined));
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }

  async check() {
    const indicator = this.indicators.check('redis');
    if (this.client.status !== 'ready') {
      await this.whenReady(PROBE_TIMEOUT_MS);
    }
    if (this.client.status !== 'ready') {
      return indicator.down({
        message: this.lastError ?? `connection ${this.client.status}`,
      });
    }
    const started = Date.now();
    try {
      await withTimeout(this.client.ping(), PROBE_TIMEOUT_MS);
      return indicator.up({ latency_ms: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: errorMessage(error) });
    }
  }

  /** While the client is (re)connecting, give it the probe's time to get there. */
  private whenReady(timeoutMs: number): Promise<void> {
    if (!['connecting', 'connect', 'reconnecting'].includes(this.client.status)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.client.once('ready', done);
    });
  }
}
