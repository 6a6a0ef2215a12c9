import { AppConfig, CoreModule, RuntimeEndpoints } from '@hyperion/api/core';
import { RealtimeModule } from '@hyperion/api/realtime';
import { DynamicModule, Module } from '@nestjs/common';
import { existsSync } from 'node:fs';

import { ConsoleModule } from './console/console.module';
import { DATABASE_SCHEMA, DOMAINS } from './domains';

/** Never the console: the API (`/api/...`), health, Prometheus metrics and public status pages. */
const NOT_CONSOLE = /^\/(api|health|metrics|status)(\/|$)/;

/** The composition root: infrastructure, realtime, one module per domain, then the console. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, endpoints: RuntimeEndpoints): DynamicModule {
    // The console, compressed and cached by file kind; index.html for its routes.
    const console = existsSync(config.webDistDir)
      ? [
          ConsoleModule.forRoot({
            root: config.webDistDir,
            excluded: (path) => NOT_CONSOLE.test(path),
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
