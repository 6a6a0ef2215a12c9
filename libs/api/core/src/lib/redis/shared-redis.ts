import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

import { AppConfig } from '../config/app-config';
import { RuntimeEndpoints } from '../runtime/runtime';
import { RUNTIME_ENDPOINTS } from '../runtime/runtime-endpoints.token';

/**
 * One Redis connection for short commands (rate-limit counters, one-time markers ...). It fails
 * fast instead of queueing while Redis is down, so callers can fall back at once; /health
 * reports the outage. Queues and Socket.IO keep connections of their own.
 */
@Injectable()
export class SharedRedis implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(
    private readonly config: AppConfig,
    @Inject(RUNTIME_ENDPOINTS) endpoints: RuntimeEndpoints,
  ) {
    this.client = new Redis(endpoints.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    // Callers fall back on their own; the outage is said once here, and its end.
    const logger = new Logger('Redis');
    let down = false;
    this.client.on('error', (error: Error) => {
      if (down) return;
      down = true;
      logger.warn(
        `Redis unavailable (${error.message}); rate limits and one-time markers fall back until it is back`,
      );
    });
    this.client.on('ready', () => {
      if (!down) return;
      down = false;
      logger.log('Redis is back');
    });
  }

  /** A key under REDIS_PREFIX: `key('throttle', name)` → `<prefix>:throttle:<name>`. */
  key(...parts: string[]): string {
    return [this.config.redisPrefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    // quit() lets in-flight commands answer; disconnect() would reject them.
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
