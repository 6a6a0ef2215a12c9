import { BullModule } from '@nestjs/bull';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig } from './config/app-config';
import { AppSecrets, loadSecrets } from './crypto/app-secrets';
import { SecretBox } from './crypto/secret-box';
import { dataSourceOptions } from './database/data-source-options';
import { DatabaseLifecycle } from './database/database-lifecycle.service';
import { appDatabaseUrl, appRoleName, appRolePassword } from './database/database-roles';
import {
  DATABASE_SCHEMA,
  DATABASE_URLS,
  DatabaseSchema,
  DatabaseUrls,
} from './database/database-schema';
import { PlannerStatistics } from './database/planner-statistics.service';
import { UnitOfWork } from './database/unit-of-work';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { OrganizationEntity } from './organizations/organization.entity';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxEntity } from './outbox/outbox.entity';
import { QueueShutdown } from './queues/queue-shutdown';
import { SharedRedis } from './redis/shared-redis';
import { RuntimeEndpoints } from './runtime/runtime';
import { RUNTIME_ENDPOINTS } from './runtime/runtime-endpoints.token';
import { LeaderLease } from './scheduling/leader-lease';

/** The owner URL (migrations) and the application role's URL (everything else). */
export function databaseUrls(
  config: AppConfig,
  endpoints: RuntimeEndpoints,
  secrets: AppSecrets,
): DatabaseUrls {
  const owner = endpoints.databaseUrl;
  if (config.databaseAppUrl) {
    const role = decodeURIComponent(new URL(config.databaseAppUrl).username);
    return {
      owner,
      app: config.databaseAppUrl,
      managedAppRole: false,
      appRole: role,
      appPassword: '',
    };
  }
  const role = appRoleName(owner);
  const password = appRolePassword(secrets.encryptionKey, role);
  return {
    owner,
    app: appDatabaseUrl(owner, role, password),
    managedAppRole: true,
    appRole: role,
    appPassword: password,
  };
}

/**
 * Infrastructure every domain module relies on: configuration, the PostgreSQL DataSource
 * (connected as the application role once DatabaseLifecycle migrated as the owner), units of
 * work and the outbox relay, Bull on Redis (and its orderly shutdown) and the exception filter.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(
    config: AppConfig,
    endpoints: RuntimeEndpoints,
    schema: DatabaseSchema,
  ): DynamicModule {
    const secrets = loadSecrets(config);
    const urls = databaseUrls(config, endpoints, secrets);
    return {
      module: CoreModule,
      imports: [
        DiscoveryModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions(urls.app),
          autoLoadEntities: true,
          manualInitialization: true,
        }),
        TypeOrmModule.forFeature([OrganizationEntity, OutboxEntity]),
        BullModule.forRoot({ redis: endpoints.redisUrl, prefix: `${config.redisPrefix}:bull` }),
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: RUNTIME_ENDPOINTS, useValue: endpoints },
        { provide: AppSecrets, useValue: secrets },
        { provide: DATABASE_SCHEMA, useValue: schema },
        { provide: DATABASE_URLS, useValue: urls },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        DatabaseLifecycle,
        LeaderLease,
        OutboxRelay,
        PlannerStatistics,
        QueueShutdown,
        SecretBox,
        SharedRedis,
        UnitOfWork,
      ],
      exports: [
        AppConfig,
        AppSecrets,
        RUNTIME_ENDPOINTS,
        DATABASE_URLS,
        DatabaseLifecycle,
        OutboxRelay,
        SecretBox,
        SharedRedis,
        UnitOfWork,
      ],
    };
  }
}
