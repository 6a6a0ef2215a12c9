import { AppConfig, CoreModule, RuntimeEndpoints } from '@hyperion/api/core';
import { RealtimeModule } from '@hyperion/api/realtime';
import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';

import { DATABASE_SCHEMA, DOMAINS } from './domains';

/** The composition root: infrastructure, realtime, one module per domain, then the console. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, endpoints: RuntimeEndpoints): DynamicModule {
    const console = existsSync(config.webDistDir)
      ? [
          ServeStaticModule.forRoot({
            rootPath: config.webDistDir,
            // Nest 11 (path-to-regexp 8) wildcard syntax; the SPA's fallback is index.html.
            exclude: ['/api/{*rest}', '/health', '/health/{*rest}'],
          }),
        ]
      : [];
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, endpoints, DATABASE_SCHEMA),
        RealtimeModule,
        ...DOMAINS.map((domain) => domain.module),
        ...console,
      ],
    };
  }
}
