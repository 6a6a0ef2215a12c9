import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

import Redis from 'ioredis';

import { pingRedis } from '../runtime/local-redis';
import { findFreePort } from '../runtime/net';
import { BlockingClientHolder, settleBlockingClient } from './queue-shutdown';

// Medium tests: a redis-server of the test's own, stopped and started again on the same port, and a
// real ioredis client configured as Bull configures its blocking client.
const startRedis = async (port: number): Promise<ChildProcess> => {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await pingRedis(`redis://127.0.0.1:${port}`, 200);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on ${port}`);
};

const stopRedis = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
};

const holder = (client: Redis, name = 'q'): BlockingClientHolder => ({
  name,
  bclientInitialized: true,
  bclient: client,
});

describe('settleBlockingClient (real redis-server)', () => {
  let port: number;
  let server: ChildProcess;
  let client: Redis;

  beforeEach(async () => {
    port = await findFreePort();
    server = await startRedis(port);
    client = new Redis({
      port,
      host: '127.0.0.1',
      maxRetriesPerRequest: null,
      retryStrategy: () => 100,
      disconnectTimeout: 50,
    });
    await once(client, 'ready');
  });

  afterEach(async () => {
    // A client between two reconnect attempts has no socket to close and emits no 'end'.
    const ended = client.status === 'ready' ? once(client, 'end') : Promise.resolve();
    client.disconnect();
    await ended;
    await stopRedis(server);
  });

  it('returns at once for a connected client', async () => {
    const started = Date.now();
    await expect(settleBlockingClient(holder(client), 2_000)).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('never creates the blocking client of a queue that has none', async () => {
    const queue = {
      name: 'idle',
      get bclient(): never {
        throw new Error('bclient read');
      },
    } as unknown as BlockingClientHolder;
    await expect(settleBlockingClient(queue, 100)).resolves.toBe(true);
  });

  it('waits for a reconnecting client until Redis answers again', async () => {
    await stopRedis(server);
    for (let i = 0; i < 100 && client.status === 'ready'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(['connecting', 'reconnecting']).toContain(client.status);
    const settling = settleBlockingClient(holder(client), 5_000);
    server = await startRedis(port);
    await expect(settling).resolves.toBe(true);
    expect(client.status).toBe('ready');
  });

  it('gives up after the timeout while Redis stays down, so shutdown still ends', async () => {
    await stopRedis(server);
    for (let i = 0; i < 100 && client.status === 'ready'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const started = Date.now();
    await expect(settleBlockingClient(holder(client), 300)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
