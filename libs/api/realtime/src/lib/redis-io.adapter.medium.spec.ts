import { randomBytes } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';

import { INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { RedisIoAdapter } from './redis-io.adapter';

const REDIS_URL =
  (globalThis as { TEST_REDIS_URL?: string }).TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A TCP proxy in front of the real Redis: stopping it looks, to the adapter, like an outage. */
class RedisLink {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly clients = new Set<Socket>();
  port = 0;

  /** Connections currently open through the link. */
  get connections(): number {
    return this.clients.size;
  }

  /** Starts (or restarts, on the same port) accepting connections; no-op while running. */
  async start(): Promise<void> {
    if (this.server) return;
    const target = new URL(REDIS_URL);
    const server = createServer((client) => {
      const upstream = new Socket();
      this.clients.add(client);
      client.on('close', () => this.clients.delete(client));
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      upstream.connect(Number(target.port || 6379), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function until(ms: number, what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Rejects after `ms` unless `promise` settles first. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('RedisIoAdapter on a Redis that goes away (real Redis)', () => {
  const prefix = `hyptest:realtime-outage:${randomBytes(4).toString('hex')}`;
  let link: RedisLink;
  let app: INestApplication;
  let adapter: RedisIoAdapter;

  beforeEach(async () => {
    link = new RedisLink();
    await link.start();
    app = (await Test.createTestingModule({}).compile()).createNestApplication({ logger: false });
    adapter = new RedisIoAdapter(app, `redis://127.0.0.1:${link.port}`, prefix);
    await until(3000, 'both connections open', () => link.connections === 2);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await link.start();
    await within(5000, 'adapter disposed', adapter.dispose());
    await app.close();
    await link.stop();
  });

  it('warns once when Redis becomes unreachable, however often it retries, and logs its return', async () => {
    const lines: string[] = [];
    const record = (level: string) => (message: unknown) => {
      if (String(message).startsWith('Socket.IO adapter'))
        lines.push(`${level} ${String(message)}`);
    };
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(record('warn'));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(record('log'));

    await link.stop();
    await until(3000, 'the outage reported', () => lines.length > 0);
    // ioredis retries every 50, 100, 150 ... ms: this outage spans several failed attempts.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(lines).toEqual([expect.stringMatching(/^warn Socket\.IO adapter: Redis unreachable/)]);

    await link.start();
    await until(5000, 'the return reported', () => lines.length > 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines.slice(1)).toEqual(['log Socket.IO adapter: Redis reachable again']);
  });

  it('shuts down within seconds while Redis is unreachable, with broadcasts still queued', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const server = adapter.createIOServer(0);
    await link.stop();
    server.emit('queued', 'while Redis is down');
    const started = Date.now();
    await within(5000, 'io server closed', adapter.close(server));
    await within(5000, 'adapter disposed', adapter.dispose());
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
