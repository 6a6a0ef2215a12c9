import { AppConfig, createLogger, RuntimeEndpoints } from '@hyperion/api/core';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

import { AppModule } from './app.module';
import { configureApp } from './configure-app';

/** Builds the configured (not yet listening) application. */
export async function createApp(
  config: AppConfig,
  endpoints: RuntimeEndpoints,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, endpoints),
    { logger: createLogger(config), abortOnError: false, bodyParser: false },
  );
  configureApp(app, config, endpoints);
  return app;
}
