import { ConsoleLogger, LogLevel } from '@nestjs/common';

import { AppConfig } from '../config/app-config';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured (one JSON object per line) or pretty logs, at the configured level. */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): ConsoleLogger {
  const levels = ORDER.slice(0, ORDER.indexOf(config.logLevel) + 1);
  return new ConsoleLogger('Hyperion', {
    json: config.logFormat === 'json',
    colors: config.logFormat === 'pretty',
    logLevels: levels,
  });
}
