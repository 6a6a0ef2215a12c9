import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis, { Command } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

import { logRedisOutages } from './redis-outage-log';

/** How long shutdown waits for Redis to answer QUIT before it drops the connection. */
const QUIT_WAIT_MS = 2_000;

/**
 * The Redis adapter sends commands (PUBLISH, UNSUBSCRIBE ...) without awaiting them. One fails
 * only when a connection ends with it still queued (shutdown during an outage); that must not be
 * an unhandled rejection, which stops Node. Callers that await a command still see its error.
 */
class AdapterRedis extends Redis {
  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    command.promise.catch(() => undefined);
    return super.sendCommand(command, stream);
  }
}

/**
 * Socket.IO on the Redis adapter, so a broadcast or a disconnect from one API instance reaches
 * the consoles connected to every other instance. Channels are namespaced by the Redis key
 * prefix. A Redis outage is logged once (when it starts and when it ends); ioredis reconnects
 * by itself and /health reports it too.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly logger = new Logger('Realtime');
  private readonly pubClient: Redis;
  private readonly subClient: Redis;
  private readonly channelPrefix: string;

  constructor(app: INestApplicationContext, redisUrl: string, prefix: string) {
    super(app);
    // Commands wait out an outage (maxRetriesPerRequest: null); a connection being dropped
    // gets half a second to close (ioredis's default, 2 s, would hold up the process's exit).
    const options = { maxRetriesPerRequest: null, disconnectTimeout: 500 };
    this.pubClient = new AdapterRedis(redisUrl, options);
    this.subClient = new AdapterRedis(redisUrl, options);
    this.channelPrefix = `${prefix}:socket.io`;
    logRedisOutages([this.pubClient, this.subClient], this.logger, 'Socket.IO adapter');
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(createAdapter(this.pubClient, this.subClient, { key: this.channelPrefix }));
    this.logger.log(`Socket.IO Redis adapter on channel ${this.channelPrefix}`);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all([this.pubClient, this.subClient].map((c) => closeRedis(c, QUIT_WAIT_MS)));
  }
}

/**
 * quit() lets in-flight commands answer; but while Redis is unreachable, with commands queued,
 * it would wait for Redis to come back: give it `ms`, then drop the connection. Idempotent.
 */
async function closeRedis(client: Redis, ms: number): Promise<void> {
  const ended = () => client.status === 'end';
  if (ended()) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.quit().catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
  if (!ended()) client.disconnect();
}
