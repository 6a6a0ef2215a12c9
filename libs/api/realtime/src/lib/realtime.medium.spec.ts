import { randomBytes } from 'node:crypto';

import { Actor, OutboxRelay } from '@hyperion/api/core';
import {
  AnyPermission,
  HealthReport,
  ServerToClientEvents,
  SOCKET_PATH,
} from '@hyperion/contracts';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';

import { RealtimePublisher } from './realtime-publisher.service';
import { HyperionServer, RealtimeGateway } from './realtime.gateway';
import { RealtimeModule } from './realtime.module';
import { RedisIoAdapter } from './redis-io.adapter';
import { SOCKET_AUTHENTICATOR, SocketAuthenticator } from './socket-authenticator';

/**
 * Two API instances on real Redis (a key prefix of this run's own), consoles connected with
 * socket.io-client: who receives what, and who gets closed, across instances.
 */

const REDIS_URL =
  (globalThis as { TEST_REDIS_URL?: string }).TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `hyptest:realtime:${randomBytes(4).toString('hex')}`;
const ORG_A = 'org-a';
const ORG_B = 'org-b';

function user(id: string, org: string, permissions: AnyPermission[], sessionId: string): Actor {
  return { type: 'user', id, name: id, permissions, organizationId: org, sessionId };
}

/** Token → actor. The token names the console in the assertions. */
const ACTORS: Record<string, Actor> = {
  aViewer: user('u-a1', ORG_A, ['monitoring:read'], 's-a1'),
  aViewerElsewhere: user('u-a1', ORG_A, ['monitoring:read', 'incidents:read'], 's-a2'),
  aNoMonitoring: user('u-a2', ORG_A, ['incidents:read'], 's-a3'),
  bViewer: user('u-b1', ORG_B, ['monitoring:read'], 's-b1'),
  aViewerOnOne: user('u-a3', ORG_A, ['monitoring:read'], 's-a4'),
  aViewerSoonExpired: user('u-a4', ORG_A, ['monitoring:read'], 's-a5'),
};
const fakeAuthenticator: SocketAuthenticator = {
  authenticate: async (token) => ACTORS[token] ?? null,
  expiresAt: (token) => (token === 'aViewerSoonExpired' ? new Date(Date.now() + 400) : null),
};

/** Rejects after `ms` unless `promise` settles first: no wait in this file is unbounded. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function until(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Instance {
  app: INestApplication;
  url: string;
  publisher: RealtimePublisher;
  server: HyperionServer;
}

async function startInstance(): Promise<Instance> {
  // What the app's global modules give RealtimeModule: the auth module's handshake check and
  // core's outbox relay (unused here: these tests publish directly). Global, as those are: the
  // root module's own providers are not visible to the modules it imports.
  const relay: Pick<OutboxRelay, 'onEvent'> = { onEvent: () => undefined };
  const fakeAppModule: DynamicModule = {
    module: class FakeAppModule {},
    global: true,
    providers: [
      { provide: SOCKET_AUTHENTICATOR, useValue: fakeAuthenticator },
      { provide: OutboxRelay, useValue: relay },
    ],
    exports: [SOCKET_AUTHENTICATOR, OutboxRelay],
  };
  const moduleRef = await Test.createTestingModule({
    imports: [fakeAppModule, RealtimeModule],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useWebSocketAdapter(new RedisIoAdapter(app, REDIS_URL, PREFIX));
  await app.listen(0, '127.0.0.1');
  const server = app.get(RealtimeGateway).server;
  if (!server) throw new Error('the gateway has no server');
  return { app, url: await app.getUrl(), publisher: app.get(RealtimePublisher), server };
}

/** A console: its socket and the `timestamp` of every `health:status` it received. */
interface Console {
  socket: Socket<ServerToClientEvents>;
  heard: string[];
  closed: Promise<void>;
}

async function connect(instance: Instance, token: string): Promise<Console> {
  const socket: Socket<ServerToClientEvents> = io(instance.url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  const heard: string[] = [];
  socket.on('health:status', (report) => heard.push(report.timestamp));
  const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
  closed.catch(() => undefined);
  try {
    await within(
      3000,
      `${token} connecting`,
      new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      }),
    );
  } catch (error) {
    socket.close();
    throw error;
  }
  return { socket, heard, closed };
}

const report = (marker: string) => ({ status: 'healthy', timestamp: marker }) as HealthReport;

describe('realtime across two API instances (real Redis)', () => {
  let one: Instance;
  let two: Instance;
  const consoles: Record<string, Console> = {};
  const open = () => Object.values(consoles).filter((c) => c.socket.connected);
  const openTokens = () =>
    Object.entries(consoles)
      .filter(([, c]) => c.socket.connected)
      .map(([token]) => token);
  let barriers = 0;

  /**
   * Sends a marker from instance one to every socket, bypassing the rooms, and waits until every
   * open console heard it. Messages from one instance arrive in order, so what a console has not
   * heard by then, it will not hear.
   */
  async function barrier(): Promise<void> {
    const marker = `barrier-${++barriers}`;
    one.server.emit('health:status', report(marker));
    await within(
      2000,
      `barrier ${marker}`,
      Promise.all(open().map((c) => until(2000, marker, async () => c.heard.includes(marker)))),
    );
  }

  const heardBy = (marker: string) =>
    Object.entries(consoles)
      .filter(([, c]) => c.heard.includes(marker))
      .map(([token]) => token)
      .sort();

  beforeAll(async () => {
    one = await startInstance();
    two = await startInstance();
    for (const token of ['aViewer', 'aViewerElsewhere', 'aNoMonitoring', 'bViewer']) {
      consoles[token] = await connect(two, token);
    }
    consoles['aViewerOnOne'] = await connect(one, 'aViewerOnOne');

    // Both adapters subscribe asynchronously after start-up: wait until Redis counts both on
    // the request channel (disconnects) and a broadcast from one reaches a console on two.
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      await until(5000, 'both adapters subscribed', async () => {
        const [, count] = (await redis.pubsub('NUMSUB', `${PREFIX}:socket.io-request#/#`)) as [
          string,
          number,
        ];
        return Number(count) >= 2;
      });
    } finally {
      redis.disconnect();
    }
    await until(5000, 'broadcasts reach instance two', async () => {
      one.server.emit('health:status', report('warm-up'));
      return consoles['aViewer'].heard.includes('warm-up');
    });
  });

  afterAll(async () => {
    for (const c of Object.values(consoles)) c.socket.close();
    await Promise.allSettled([one?.app.close(), two?.app.close()]);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const keys = await redis.keys(`${PREFIX}*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it("sends an organisation's event to its sockets holding the permission, on every instance", async () => {
    one.publisher.publish('health:status', report('org-a-event'), { organizationId: ORG_A });
    await barrier();
    expect(heardBy('org-a-event')).toEqual(['aViewer', 'aViewerElsewhere', 'aViewerOnOne']);
  });

  it("sends an instance event to every organisation's sockets holding the permission", async () => {
    one.publisher.publish('health:status', report('instance-event'), 'instance');
    await barrier();
    expect(heardBy('instance-event')).toEqual([
      'aViewer',
      'aViewerElsewhere',
      'aViewerOnOne',
      'bViewer',
    ]);
  });

  it('greets a new socket only when it holds the permission', async () => {
    two.publisher.onConnect('health:status', (actor) => report(`greeting-${actor.id}`));
    const viewer = await connect(two, 'aViewer');
    const other = await connect(two, 'aNoMonitoring');
    try {
      await until(2000, 'greeting', async () => viewer.heard.includes('greeting-u-a1'));
      // Greetings are sent right after the connection; a barrier to these two proves no more come.
      one.server.emit('health:status', report('after-greeting'));
      await until(2000, 'barrier', async () => other.heard.includes('after-greeting'));
      expect(other.heard).toEqual(['after-greeting']);
    } finally {
      viewer.socket.close();
      other.socket.close();
    }
  });

  it("disconnect({ sessionId }) on instance one closes that session's socket on two within 1 s", async () => {
    const started = Date.now();
    await one.publisher.disconnect({ sessionId: 's-a1' });
    // Resolved only once instance two had closed it.
    expect(await two.server.local.in('session:s-a1').fetchSockets()).toHaveLength(0);
    await within(1000, 'aViewer closed', consoles['aViewer'].closed);
    expect(Date.now() - started).toBeLessThan(1000);

    await barrier();
    expect(openTokens()).toEqual(['aViewerElsewhere', 'aNoMonitoring', 'bViewer', 'aViewerOnOne']);
  });

  it('disconnect({ userId }) on instance one closes every socket of that user on two within 1 s', async () => {
    const started = Date.now();
    await one.publisher.disconnect({ userId: 'u-a1' });
    await within(1000, 'aViewerElsewhere closed', consoles['aViewerElsewhere'].closed);
    expect(Date.now() - started).toBeLessThan(1000);

    await barrier();
    expect(openTokens()).toEqual(['aNoMonitoring', 'bViewer', 'aViewerOnOne']);
  });

  it('closes a socket when the token it connected with expires', async () => {
    const expiring = await connect(two, 'aViewerSoonExpired');
    try {
      await within(2000, 'expired socket closed', expiring.closed);
    } finally {
      expiring.socket.close();
    }
  });

  it("shutting instance two down closes two's consoles and leaves instance one's connected", async () => {
    const closedOnTwo = Promise.all(
      ['aNoMonitoring', 'bViewer'].map((token) => consoles[token].closed),
    );
    await two.app.close();
    await within(2000, "two's consoles closed", closedOnTwo);
    // A disconnect request from two would have reached one by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await barrier();
    expect(consoles['aViewerOnOne'].socket.connected).toBe(true);
    one.publisher.publish('health:status', report('after-shutdown'), { organizationId: ORG_A });
    await barrier();
    expect(heardBy('after-shutdown')).toEqual(['aViewerOnOne']);
  });
});
