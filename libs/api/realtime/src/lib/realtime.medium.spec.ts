import { randomBytes } from 'node:crypto';

import { Actor, OutboxRelay } from '@hyperion/api/core';
import {
  AnyPermission,
  ClientToServerEvents,
  HealthReport,
  HostSample,
  LIVE_RULES,
  LiveAnswer,
  ServerToClientEvents,
  SOCKET_PATH,
} from '@hyperion/contracts';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';

import { LIVE_BACKLOG_LIMIT, LiveTopics, queuedPackets } from './live-topics';
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
  liveA: user('u-a5', ORG_A, ['monitoring:read'], 's-a6'),
  liveA2: user('u-a6', ORG_A, ['monitoring:read'], 's-a7'),
  liveNoMonitoring: user('u-a7', ORG_A, ['incidents:read'], 's-a8'),
  liveB: user('u-b2', ORG_B, ['monitoring:read'], 's-b2'),
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
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  heard: string[];
  closed: Promise<void>;
}

async function connect(instance: Instance, token: string): Promise<Console> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(instance.url, {
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

describe('live topics across two API instances (real Redis)', () => {
  let one: Instance;
  let two: Instance;
  /** The samples each console received, by host id. */
  const samples = new Map<Console, string[]>();
  const organizations = new Map<Console, string>();
  const consoles: Console[] = [];

  const sample = (hostId: string) => ({ hostId, at: new Date().toISOString() }) as HostSample;

  async function console(instance: Instance, token: string): Promise<Console> {
    const c = await connect(instance, token);
    const heard: string[] = [];
    samples.set(c, heard);
    organizations.set(c, ACTORS[token].organizationId ?? '');
    c.socket.on('host:sample', (s) => heard.push(s.hostId));
    consoles.push(c);
    return c;
  }

  function ask(c: Console, event: 'live:subscribe' | 'live:unsubscribe', topic: unknown) {
    return within(
      2000,
      `${event} answered`,
      new Promise<LiveAnswer>((resolve) =>
        c.socket.emit(event, { topic } as { topic: string }, resolve),
      ),
    );
  }

  let settled = 0;

  /**
   * Publishes a sample from instance one, then makes sure each console in `to` would have heard
   * it: a marker published after it on a topic of the console's own reaches the console, and
   * messages from one instance arrive in order.
   */
  async function publishThenSettle(organizationId: string, hostId: string, to: Console[]) {
    one.publisher.publishLive('host:sample', sample(hostId), {
      organizationId,
      topic: `probe:${hostId.replace(/-after$/, '')}`,
    });
    for (const c of to) {
      const marker = `settle-${++settled}`;
      expect(await ask(c, 'live:subscribe', `probe:${marker}`)).toEqual({ ok: true });
      one.publisher.publishLive('host:sample', sample(marker), {
        organizationId: organizations.get(c) ?? '',
        topic: `probe:${marker}`,
      });
      await until(2000, marker, async () => samples.get(c)?.includes(marker) ?? false);
    }
  }

  beforeAll(async () => {
    one = await startInstance();
    two = await startInstance();
    // The owner of the `probe` kind allows every topic but the ones it says are not found.
    for (const instance of [one, two]) {
      instance.app
        .get(LiveTopics)
        .register('probe', 'host:sample', async (topic) => !topic.includes('missing'));
    }
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
  });

  afterAll(async () => {
    for (const c of consoles) c.socket.close();
    await Promise.allSettled([one?.app.close(), two?.app.close()]);
  });

  it('sends a sample only to the sockets of its organisation that follow its topic, on every instance', async () => {
    const follower = await console(two, 'liveA');
    const bystander = await console(two, 'liveA2');
    const otherOrg = await console(two, 'liveB');
    expect(await ask(follower, 'live:subscribe', 'probe:h1')).toEqual({ ok: true });
    // Another organisation may follow a topic of the same name: it is a room of its own.
    expect(await ask(otherOrg, 'live:subscribe', 'probe:h1')).toEqual({ ok: true });
    await until(5000, 'live samples reach instance two', async () => {
      one.publisher.publishLive('host:sample', sample('warm-up'), {
        organizationId: ORG_A,
        topic: 'probe:h1',
      });
      return samples.get(follower)?.includes('warm-up') ?? false;
    });

    await publishThenSettle(ORG_A, 'h1', [follower, bystander, otherOrg]);
    expect(samples.get(follower)).toContain('h1');
    expect(samples.get(bystander)).not.toContain('h1');
    expect(samples.get(otherOrg)).not.toContain('h1');
    expect(samples.get(otherOrg)).not.toContain('warm-up');

    expect(await ask(follower, 'live:unsubscribe', 'probe:h1')).toEqual({ ok: true });
    await publishThenSettle(ORG_A, 'h1-after', [follower]);
    expect(samples.get(follower)).not.toContain('h1-after');
  });

  it('refuses, with the reason, a topic the socket may not follow or that is malformed', async () => {
    const viewer = await console(one, 'liveA');
    const noMonitoring = await console(one, 'liveNoMonitoring');
    expect(await ask(noMonitoring, 'live:subscribe', 'probe:h2')).toEqual({
      ok: false,
      error: 'topic: needs monitoring:read',
    });
    expect(await ask(viewer, 'live:subscribe', 'probe:missing')).toEqual({
      ok: false,
      error: 'topic: not found',
    });
    expect(await ask(viewer, 'live:subscribe', 'nosuchkind:x')).toEqual({
      ok: false,
      error: 'topic: unknown topic',
    });
    for (const bad of [undefined, 42, '', 'probe', 'probe:a b', '../x', { $gt: '' }]) {
      expect(await ask(viewer, 'live:subscribe', bad)).toMatchObject({ ok: false });
    }
    expect(await ask(viewer, 'live:subscribe', `probe:${'x'.repeat(300)}`)).toEqual({
      ok: false,
      error: `topic: at most ${LIVE_RULES.topicMaxLength} characters`,
    });
    await publishThenSettle(ORG_A, 'missing', [viewer]);
    expect(samples.get(viewer)).not.toContain('missing');
  });

  it('stops sending to a client that does not read, without holding more for it, and resumes once it reads', async () => {
    const slow = await console(one, 'liveA');
    const fast = await console(one, 'liveA2');
    expect(await ask(slow, 'live:subscribe', 'probe:big')).toEqual({ ok: true });
    expect(await ask(fast, 'live:subscribe', 'probe:big')).toEqual({ ok: true });
    // The slow console stops reading its TCP socket: the kernel's buffers fill, then the server's.
    const tcp = (
      slow.socket.io.engine.transport as unknown as {
        ws: { _socket: { pause(): void; resume(): void } };
      }
    ).ws._socket;
    const [server] = [...one.server.of('/').sockets.values()].filter(
      (s) =>
        s.data.actor?.sessionId === ACTORS['liveA'].sessionId &&
        s.data.liveTopics?.has('probe:big'),
    );
    tcp.pause();
    try {
      const filler = 'x'.repeat(256 * 1024);
      let mostQueued = 0;
      for (let i = 0; i < 400; i++) {
        one.publisher.publishLive('host:sample', { ...sample(`big-${i}`), filler } as HostSample, {
          organizationId: ORG_A,
          topic: 'probe:big',
        });
        await new Promise((resolve) => setImmediate(resolve));
        mostQueued = Math.max(mostQueued, queuedPackets(server.conn));
      }
      await until(10_000, 'the fast console heard every sample', async () =>
        (samples.get(fast) ?? []).includes('big-399'),
      );
      expect(server.data.livePaused).toBe(true);
      expect(mostQueued).toBeLessThanOrEqual(LIVE_BACKLOG_LIMIT + 1);
      expect(samples.get(fast)?.filter((h) => h.startsWith('big-'))).toHaveLength(400);
    } finally {
      tcp.resume();
    }
    await until(10_000, 'the slow console drained', async () => server.data.livePaused === false);
    await publishThenSettle(ORG_A, 'big-after', [slow]);
    expect(samples.get(slow)).toContain('big-after');
    expect(samples.get(slow)?.filter((h) => h.startsWith('big-')).length).toBeLessThan(400);
  });

  it('limits the topics one connection follows, also when it asks for them all at once', async () => {
    const greedy = await console(one, 'liveA2');
    const answers = await Promise.all(
      Array.from({ length: LIVE_RULES.subscriptionsPerSocket + 10 }, (_, i) =>
        ask(greedy, 'live:subscribe', `probe:many-${i}`),
      ),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(LIVE_RULES.subscriptionsPerSocket);
    expect(answers.filter((a) => !a.ok)).toHaveLength(10);
    expect(answers.find((a) => !a.ok)).toEqual({
      ok: false,
      error: `topic: at most ${LIVE_RULES.subscriptionsPerSocket} topics per connection`,
    });
  });
});
