import { AppConfig } from '@hyperion/api/core';
import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';

import { RedisThrottlerStorage } from './redis-throttler.storage';

@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
class ThrottlerStorageModule {}

/**
 * Per-IP rate limit of the auth endpoints that take guesses (login, 2fa, refresh):
 * AUTH_RATE_LIMIT requests per AUTH_RATE_WINDOW_SECONDS, 429 with Retry-After beyond.
 * Applied per route with `@UseGuards(ThrottlerGuard)`, after the (public) auth guard and
 * before validation and the password check.
 */
export const AuthThrottlingModule = ThrottlerModule.forRootAsync({
  imports: [ThrottlerStorageModule],
  inject: [AppConfig, RedisThrottlerStorage],
  useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
    throttlers: [
      {
        name: 'default',
        limit: config.authRateLimit,
        ttl: config.authRateWindowSeconds * 1000,
      },
    ],
    storage,
    errorMessage: 'Too many attempts; try again later',
  }),
});
