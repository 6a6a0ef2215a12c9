import {
  AppConfig,
  createLogger,
  errorMessage,
  loadConfig,
  prepareRuntime,
} from '@hyperion/api/core';

import { createApp } from './app/create-app';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error);
  }
  const logger = createLogger(config);
  const runtime = await prepareRuntime(config, (m) => logger.log(m, 'Runtime')).catch(fail);

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, shutting down`, 'Hyperion');
    try {
      await app?.close();
    } finally {
      await runtime.stop();
      process.exit(0);
    }
  };
  // Our own handlers: the app closes first, then the embedded PostgreSQL / Redis it runs on.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    app = await createApp(config, runtime.endpoints);
    await app.listen(config.port, config.host);
  } catch (error) {
    await runtime.stop();
    fail(error);
  }
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  logger.log(`Hyperion is up on http://${shown}:${config.port}`, 'Hyperion');
}

/** One clear line, no stack trace, exit code 1. */
function fail(error: unknown): never {
  process.stderr.write(`Hyperion could not start: ${errorMessage(error)}\n`);
  process.exit(1);
}

void bootstrap();
