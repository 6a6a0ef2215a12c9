import { rmSync } from 'node:fs';

import { AppConfig } from '@hyperion/api/core';
import { TcpProxy, testConfig, testEndpoints } from '@hyperion/api/testing';
import { NestExpressApplication } from '@nestjs/platform-express';

import { ServerToClientEvents, SOCKET_PATH } from '@hyperion/contracts';
import { io, Socket } from 'socket.io-client';

import { createApp } from '../app/create-app';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  /** Proxies between the app and this run's PostgreSQL / Redis: stop one to "stop" the server. */
  database: TcpProxy;
  redis: TcpProxy;
  close(): Promise<void>;
}

/** The real application, listening on a free port, reaching PostgreSQL and Redis through proxies. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const endpoints = testEndpoints();
  const database = await TcpProxy.forUrl(endpoints.databaseUrl).start();
  const redis = await TcpProxy.forUrl(endpoints.redisUrl).start();
  const config = testConfig({
    DATABASE_URL: database.rewrite(endpoints.databaseUrl),
    REDIS_URL: redis.rewrite(endpoints.redisUrl),
    ...overrides,
  });
  const app = await createApp(config, {
    databaseUrl: config.databaseUrl ?? '',
    embeddedDatabase: false,
    redisUrl: config.redisUrl,
  });
  await app.listen(0, '127.0.0.1');
  return {
    app,
    config,
    url: await app.getUrl(),
    database,
    redis,
    close: async () => {
      // Reconnect first, so shutdown does not wait on dead links.
      await database.start();
      await redis.start();
      await app.close();
      await database.stop();
      await redis.stop();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A console's Socket.IO client, connected to the app (websocket only, no reconnection).
 * `listen` attaches handlers before the connection, so the greeting sent on connect is not missed.
 */
export async function connectClient(
  url: string,
  listen: (socket: Socket<ServerToClientEvents>) => void = () => undefined,
): Promise<Socket<ServerToClientEvents>> {
  const socket: Socket<ServerToClientEvents> = io(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
  });
  listen(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}
