import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
/** How long shutdown waits for a reconnecting blocking client before closing anyway. */
const SETTLE_TIMEOUT_MS = 3_000;

/** The parts of a Bull queue this needs; `bclientInitialized` is Bull's own, untyped. */
export interface BlockingClientHolder {
  readonly name: string;
  readonly bclientInitialized?: boolean;
  readonly bclient: {
    readonly status: string;
    once(event: 'ready', listener: () => void): unknown;
    off(event: 'ready', listener: () => void): unknown;
  };
}

/**
 * Waits (bounded) until a queue's blocking Redis client is connected again, if it is
 * reconnecting. Bull closes a queue by disconnecting that client to abort its pending BRPOPLPUSH
 * calls, then reconnecting it; when the client is already between two reconnect attempts (a
 * shutdown within seconds of a Redis outage), ioredis keeps the pending calls and sends them again
 * on the new connection, one at a time, each blocking for Bull's drainDelay (5 s): with 64 workers
 * that is 5 minutes of shutdown. Once the client is connected, Bull's disconnect aborts them.
 */
export async function settleBlockingClient(
  queue: BlockingClientHolder,
  timeoutMs = SETTLE_TIMEOUT_MS,
): Promise<boolean> {
  // Reading `bclient` creates the client: never do it for a queue that has none.
  if (!queue.bclientInitialized) return true;
  const client = queue.bclient;
  if (client.status !== 'connecting' && client.status !== 'reconnecting') return true;
  return new Promise<boolean>((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.once('ready', onReady);
  });
}

/**
 * Before @nestjs/bull closes the queues (on application shutdown), lets every queue's blocking
 * client finish reconnecting, so that closing aborts its pending calls instead of replaying them.
 */
@Injectable()
export class QueueShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('QueueShutdown');

  constructor(private readonly discovery: DiscoveryService) {}

  async beforeApplicationShutdown(): Promise<void> {
    const queues = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter(isBullQueue);
    await Promise.all(
      queues.map(async (queue) => {
        const settled = await settleBlockingClient(queue);
        if (!settled) {
          this.logger.warn(`Queue ${queue.name}: Redis still unreachable, closing it anyway`);
        }
      }),
    );
  }
}

/**
 * Bull queues registered by @nestjs/bull, recognised by shape: bull's CommonJS export is not a
 * constructor under this build's module interop, so `instanceof` cannot be used.
 */
function isBullQueue(instance: unknown): instance is BlockingClientHolder {
  if (typeof instance !== 'object' || instance === null) return false;
  const candidate = instance as Record<string, unknown>;
  return (
    typeof candidate['name'] === 'string' &&
    typeof candidate['whenCurrentJobsFinished'] === 'function' &&
    typeof candidate['getJobCounts'] === 'function'
  );
}
