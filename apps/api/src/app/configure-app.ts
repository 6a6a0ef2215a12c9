import { AlertIngestHttp } from '@hyperion/api/alerts';
import {
  AppConfig,
  bodyParserErrorMiddleware,
  consolePageFallback,
  correlationIdMiddleware,
  inputGuardMiddleware,
  requestContextMiddleware,
  RuntimeEndpoints,
} from '@hyperion/api/core';
import { RedisIoAdapter } from '@hyperion/api/realtime';
import {
  ANALYTICS_ROUTES,
  ANOMALY_SCORE_RULES,
  API_PREFIX,
  API_VERSION,
  HEALTH_ROUTES,
} from '@hyperion/contracts';
import { INestApplication, RequestMethod, ValidationPipe, VersioningType } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import helmet from 'helmet';

/** HTTP conventions shared by main.ts and the tests, so tests exercise the real app. */
export function configureApp(
  app: NestExpressApplication,
  config: AppConfig,
  endpoints: RuntimeEndpoints,
): INestApplication {
  // Behind a reverse proxy, req.ip (rate limits, audit log) comes from X-Forwarded-For.
  if (config.trustProxy) app.set('trust proxy', 1);
  // Alert ingest first: thousands of events a second, answered ahead of Express and Nest.
  app.get(AlertIngestHttp).attach(app.getHttpServer());
  app.use(correlationIdMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The console talks to its own origin only (HTTP and the Socket.IO WebSocket);
          // Angular Material injects inline styles.
          'connect-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          // The session replay (asciinema-player) runs its terminal emulator as WebAssembly,
          // compiled from bytes in its own script: allowed, and still no eval of JavaScript.
          'script-src': ["'self'", "'wasm-unsafe-eval'"],
          // Screenshots (incidents) are fetched with the session's token and shown through
          // object URLs (blob:), which helmet's default img-src ('self' data:) blocks.
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    }),
  );
  app.use(consolePageFallback(config.webDistDir, [HEALTH_ROUTES.all]));
  // A series to score (50,000 points with ISO times is about 3 MB) may exceed BODY_LIMIT; that
  // one route parses up to its own bound, every other the global one.
  app.use(
    ANALYTICS_ROUTES.anomalyScore,
    json({ limit: Math.max(ANOMALY_SCORE_RULES.bodyLimitBytes, parseBytes(config.bodyLimit)) }),
  );
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: true });
  app.use(bodyParserErrorMiddleware);
  app.use(inputGuardMiddleware);
  // After the body parsers, so the request context reaches the handlers intact.
  app.use(requestContextMiddleware);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.ALL },
      { path: 'health/{*rest}', method: RequestMethod.ALL },
      // Prometheus scrapes /metrics; public status pages live at /status/<slug>.
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'status/{*rest}', method: RequestMethod.ALL },
    ],
  });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: API_VERSION });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useWebSocketAdapter(new RedisIoAdapter(app, endpoints.redisUrl, config.redisPrefix));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hyperion API')
      .setDescription('Self-hosted operations console')
      .setVersion(API_VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/docs/json`,
  });
  return app;
}

/** BODY_LIMIT (`512kb`, `1mb`, `100b`) in bytes. */
function parseBytes(limit: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!m) return 0;
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2 }[
    (m[2] as string).toLowerCase() as 'b' | 'kb' | 'mb'
  ];
  return Number(m[1]) * unit;
}
