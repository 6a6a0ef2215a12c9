import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { errorMessage, RUNTIME_ENDPOINTS, RuntimeEndpoints } from '@hyperion/api/core';
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

  onModuleDestroy(): void {
    this.client.disconnect();
  }

  async check() {
    const indicator = this.indicators.check('redis');
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
}
