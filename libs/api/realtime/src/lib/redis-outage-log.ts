import type { EventEmitter } from 'node:events';

export interface OutageLogger {
  warn(message: string): void;
  log(message: string): void;
}

/**
 * Reports a Redis outage once, however many retries it takes: a warning when the first of
 * `clients` fails, a line when all of them are ready again. ioredis reconnects by itself and
 * emits `error` on every failed attempt, which is why they are not logged one by one.
 */
export function logRedisOutages(
  clients: readonly EventEmitter[],
  logger: OutageLogger,
  what: string,
): void {
  const down = new Set<EventEmitter>();
  for (const client of clients) {
    client.on('error', (error: unknown) => {
      if (down.size === 0) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn(`${what}: Redis unreachable (${reason}); retrying in the background`);
      }
      down.add(client);
    });
    client.on('ready', () => {
      if (down.delete(client) && down.size === 0) logger.log(`${what}: Redis reachable again`);
    });
  }
}
