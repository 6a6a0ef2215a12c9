import { AuditModule } from '@hyperion/api/audit';
import { AuthModule } from '@hyperion/api/auth';
import { AppConfig, CoreModule, RuntimeEndpoints } from '@hyperion/api/core';
import { HealthModule } from '@hyperion/api/health';
import { RealtimeModule } from '@hyperion/api/realtime';
import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';

/** The composition root: infrastructure, then one module per domain, then the console. */
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
        CoreModule.forRoot(config, endpoints),
        AuditModule,
        AuthModule,
        RealtimeModule,
        HealthModule,
        ...console,
      ],
    };
  }
}
