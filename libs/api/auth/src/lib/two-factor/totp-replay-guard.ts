import { AppConfig, RUNTIME_ENDPOINTS, RuntimeEndpoints } from '@hyperion/api/core';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/** A code is valid for its 30 s step plus one step either side: remember it a little longer. */
const REMEMBER_SECONDS = 120;

/**
 * Makes each TOTP code good for one login: an accepted code is remembered in Redis (shared by
 * every API instance) until it can no longer be valid. Without Redis, codes are not remembered
 * (logins keep working; /health already reports Redis down).
 */
@Injectable()
export class TotpReplayGuard implements OnApplicationShutdown {
  private readonly logger = new Logger('TwoFactor');
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(config: AppConfig, @Inject(RUNTIME_ENDPOINTS) endpoints: RuntimeEndpoints) {
    this.prefix = `${config.redisPrefix}:totp-used`;
    this.redis = new Redis(endpoints.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    this.redis.on('error', () => undefined);
  }

  /** True the first time this user presents this code; false for a replay. */
  async claim(userId: string, code: string): Promise<boolean> {
    try {
      const set = await this.redis.set(
        `${this.prefix}:${userId}:${code}`,
        '1',
        'EX',
        REMEMBER_SECONDS,
        'NX',
      );
      return set === 'OK';
    } catch (error) {
      this.logger.warn(`TOTP replay check skipped (Redis unavailable): ${String(error)}`);
      return true;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
