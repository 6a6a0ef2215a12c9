import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Socket.IO on the Redis adapter, so a broadcast from one API instance reaches the consoles
 * connected to every other instance. Channels are namespaced by the Redis key prefix.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly logger = new Logger('Realtime');
  private readonly pubClient: Redis;
  private readonly subClient: Redis;
  private readonly channelPrefix: string;

  constructor(app: INestApplicationContext, redisUrl: string, prefix: string) {
    super(app);
    this.pubClient = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.subClient = this.pubClient.duplicate();
    this.channelPrefix = `${prefix}:socket.io`;
    for (const client of [this.pubClient, this.subClient]) {
      // Losing Redis is reported by /health; ioredis reconnects by itself.
      client.on('error', () => undefined);
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(createAdapter(this.pubClient, this.subClient, { key: this.channelPrefix }));
    this.logger.log(`Socket.IO Redis adapter on channel ${this.channelPrefix}`);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    // quit() lets in-flight commands answer; disconnect() would reject them.
    await Promise.all(
      [this.pubClient, this.subClient].map((c) => c.quit().catch(() => c.disconnect())),
    );
  }
}
