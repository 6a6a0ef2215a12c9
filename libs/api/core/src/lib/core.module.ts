import { BullModule } from '@nestjs/bull';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig } from './config/app-config';
import { AppSecrets, loadSecrets } from './crypto/app-secrets';
import { SecretBox } from './crypto/secret-box';
import { dataSourceOptions } from './database/data-source-options';
import { DatabaseLifecycle } from './database/database-lifecycle.service';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { SharedRedis } from './redis/shared-redis';
import { RuntimeEndpoints } from './runtime/runtime';
import { RUNTIME_ENDPOINTS } from './runtime/runtime-endpoints.token';

/**
 * Infrastructure every domain module relies on: configuration, the PostgreSQL DataSource
 * (connected and migrated by DatabaseLifecycle), Bull on Redis and the exception filter.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, endpoints: RuntimeEndpoints): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(endpoints.databaseUrl),
          autoLoadEntities: true,
          manualInitialization: true,
        }),
        BullModule.forRoot({ redis: endpoints.redisUrl, prefix: `${config.redisPrefix}:bull` }),
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: RUNTIME_ENDPOINTS, useValue: endpoints },
        { provide: AppSecrets, useFactory: () => loadSecrets(config) },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        DatabaseLifecycle,
        SecretBox,
        SharedRedis,
      ],
      exports: [
        AppConfig,
        AppSecrets,
        RUNTIME_ENDPOINTS,
        DatabaseLifecycle,
        SecretBox,
        SharedRedis,
      ],
    };
  }
}
