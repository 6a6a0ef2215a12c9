import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { HealthReport, SocketAuth } from '@hyperion/contracts';

import {
  HyperionSocket,
  SOCKET_ACCESS_TOKEN,
  SOCKET_FACTORY,
  SocketAuthProvider,
  SocketService,
} from './socket.service';

type Listener = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket: listeners, a connected flag, connect/disconnect. */
class FakeSocket {
  connected = false;
  /** socket.io's "will reconnect by itself" flag; false after a refused handshake. */
  active = false;
  closed = false;
  /** The token of each handshake the client started, in order. */
  readonly handshakes: string[] = [];
  /** What the client emitted (event, payload), with the ack to answer it. */
  readonly emitted: { event: string; payload: unknown; ack: Listener }[] = [];
  disconnects = 0;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly auth: SocketAuthProvider) {}

  connect(): this {
    this.auth((data: SocketAuth) => this.handshakes.push(data.token));
    return this;
  }

  disconnect(): this {
    this.disconnects++;
    if (this.connected) {
      this.fire('disconnect', 'io client disconnect');
    }
    return this;
  }

  on(event: string, listener: Listener): this {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  close(): this {
    this.closed = true;
    return this;
  }

  emit(event: string, payload: unknown, ack: Listener): this {
    this.emitted.push({ event, payload, ack });
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Simulates the server / the manager firing an event. */
  fire(event: string, ...args: unknown[]): void {
    this.connected = event === 'connect' ? true : event === 'disconnect' ? false : this.connected;
    for (const listener of this.listeners.get(event) ?? []) {
      listener(...args);
    }
  }
}

const report: HealthReport = {
  api: 'OK',
  database: 'OK',
  redis: 'OK',
  disk: {
    usage_percent: 40,
    path: '/data',
    threshold_percent: 90,
    healthy: true,
  },
  memory: {
    rss_mb: 120,
    heap_used_mb: 60,
    heap_total_mb: 80,
    system_usage_percent: 50,
    healthy: true,
  },
  status: 'healthy',
  timestamp: '2026-01-30T14:00:00.000Z',
};

describe('SocketService', () => {
  let fake: FakeSocket | undefined;
  let created: number;
  let service: SocketService;
  const token = signal<string | null>(null);

  /** The socket the service created (it creates none before the first token). */
  const socket = (): FakeSocket => {
    if (!fake) throw new Error('no socket was created');
    return fake;
  };

  function signIn(value = 'token-1'): FakeSocket {
    token.set(value);
    TestBed.tick();
    return socket();
  }

  beforeEach(() => {
    token.set(null);
    fake = undefined;
    created = 0;
    TestBed.configureTestingModule({
      providers: [
        {
          provide: SOCKET_FACTORY,
          useValue: (auth: SocketAuthProvider) => {
            created++;
            fake = new FakeSocket(auth);
            return fake as unknown as HyperionSocket;
          },
        },
        { provide: SOCKET_ACCESS_TOKEN, useValue: token.asReadonly() },
      ],
    });
    service = TestBed.inject(SocketService);
    TestBed.tick();
  });

  it('creates no socket (and loads no socket.io code) before there is an access token', () => {
    expect(created).toBe(0);
    expect(service.connected()).toBe(false);
    expect(service.lostSince()).toBeNull();

    const created1 = signIn();

    expect(created).toBe(1);
    expect(created1.handshakes).toEqual(['token-1']);
  });

  it('reconnects with the new token after a refresh, and disconnects on logout', () => {
    const fake = signIn();
    fake.fire('connect');

    token.set('token-2');
    TestBed.tick();
    expect(fake.disconnects).toBe(1);
    expect(fake.handshakes).toEqual(['token-1', 'token-2']);
    fake.fire('connect');
    expect(service.connected()).toBe(true);

    token.set(null);
    TestBed.tick();
    expect(fake.disconnects).toBe(2);
    expect(service.connected()).toBe(false);
    expect(service.lostSince()).toBeNull();
    expect(fake.handshakes).toEqual(['token-1', 'token-2']);
    expect(created).toBe(1);
  });

  it('tries again, with back-off, when the server refused the handshake', () => {
    vi.useFakeTimers();
    try {
      const fake = signIn();
      fake.fire('connect_error', new Error('Unauthorized'));

      vi.advanceTimersByTime(999);
      expect(fake.handshakes).toEqual(['token-1']);
      vi.advanceTimersByTime(1);
      expect(fake.handshakes).toEqual(['token-1', 'token-1']);

      fake.fire('connect_error', new Error('Unauthorized'));
      vi.advanceTimersByTime(1_999);
      expect(fake.handshakes).toHaveLength(2);
      token.set(null);
      TestBed.tick();
      vi.advanceTimersByTime(60_000);
      expect(fake.handshakes).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('comes back after the server closed the socket (session or permissions changed)', () => {
    vi.useFakeTimers();
    try {
      const fake = signIn();
      fake.fire('connect');
      fake.fire('disconnect', 'io server disconnect');
      expect(service.connected()).toBe(false);
      vi.advanceTimersByTime(1_000);
      expect(fake.handshakes).toEqual(['token-1', 'token-1']);
      // A transport loss is socket.io's own to retry: no extra handshake from the service.
      fake.fire('connect');
      fake.fire('disconnect', 'transport close');
      vi.advanceTimersByTime(60_000);
      expect(fake.handshakes).toEqual(['token-1', 'token-1']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('exposes the connection state, and since when live updates are lost', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
      const fake = signIn();
      expect(service.connected()).toBe(false);

      fake.fire('connect');
      expect(service.connected()).toBe(true);
      expect(service.lostSince()).toBeNull();

      vi.setSystemTime(new Date('2026-11-22T10:05:00Z'));
      fake.fire('disconnect', 'transport close');
      expect(service.connected()).toBe(false);
      expect(service.lost()).toBe(true);
      expect(service.lostSince()?.toISOString()).toBe('2026-11-22T10:05:00.000Z');

      // socket.io's own retries keep failing: the moment it dropped stays the first one.
      vi.setSystemTime(new Date('2026-11-22T10:05:30Z'));
      fake.fire('connect_error', new Error('xhr poll error'));
      expect(service.lostSince()?.toISOString()).toBe('2026-11-22T10:05:00.000Z');

      fake.fire('connect');
      expect(service.lostSince()).toBeNull();
      expect(service.lost()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts a first connection that cannot be made as lost', () => {
    const fake = signIn();
    fake.active = true;

    fake.fire('connect_error', new Error('xhr poll error'));

    expect(service.lost()).toBe(true);
  });

  it('signals reconnections but not the first connection', () => {
    let reconnections = 0;
    service.reconnected$.subscribe(() => reconnections++);
    const fake = signIn();

    fake.fire('connect');
    expect(reconnections).toBe(0);

    fake.fire('disconnect', 'transport close');
    fake.fire('connect');
    expect(reconnections).toBe(1);
  });

  it('streams the payloads of a server event, also subscribed before the socket existed', () => {
    const received: HealthReport[] = [];
    const subscription = service.on('health:status').subscribe((r) => received.push(r));
    const fake = signIn();
    expect(fake.listenerCount('health:status')).toBe(1);

    fake.fire('health:status', report);
    expect(received).toEqual([report]);

    subscription.unsubscribe();
    expect(fake.listenerCount('health:status')).toBe(0);
  });

  it('follows a live topic on every connection while subscribed, and leaves it after the last subscriber', () => {
    const answers: unknown[] = [];
    const first = service.follow('host:h1:samples').subscribe((a) => answers.push(a));
    const second = service.follow('host:h1:samples').subscribe();
    const fake = signIn();
    expect(fake.emitted).toEqual([]);

    fake.fire('connect');
    expect(fake.emitted.map((e) => [e.event, e.payload])).toEqual([
      ['live:subscribe', { topic: 'host:h1:samples' }],
    ]);
    fake.emitted[0].ack({ ok: false, error: 'topic: not found' });
    expect(answers).toEqual([{ ok: false, error: 'topic: not found' }]);

    // A new connection has no topic: asked again.
    fake.fire('disconnect', 'transport close');
    fake.fire('connect');
    expect(fake.emitted.map((e) => e.event)).toEqual(['live:subscribe', 'live:subscribe']);

    first.unsubscribe();
    expect(fake.emitted).toHaveLength(2);
    second.unsubscribe();
    expect(fake.emitted.map((e) => [e.event, e.payload])).toContainEqual([
      'live:unsubscribe',
      { topic: 'host:h1:samples' },
    ]);
    fake.fire('disconnect', 'transport close');
    fake.fire('connect');
    expect(fake.emitted).toHaveLength(3);
  });

  it('closes the socket when the application is destroyed', () => {
    const fake = signIn();

    TestBed.resetTestingModule();

    expect(fake.closed).toBe(true);
  });
  it("sends a request and resolves with the server's answer; refuses at once while offline", async () => {
    await expect(service.request('terminal:attach', { sessionId: 's-1' })).rejects.toMatchObject({
      reason: 'offline',
    });
    const fake = signIn();
    await expect(service.request('terminal:attach', { sessionId: 's-1' })).rejects.toMatchObject({
      reason: 'offline',
    });
    fake.fire('connect');

    const answer = service.request('terminal:attach', { sessionId: 's-1' });
    const sent = fake.emitted.find((e) => e.event === 'terminal:attach');
    expect(sent?.payload).toEqual({ sessionId: 's-1' });
    sent?.ack({ ok: false, error: 'No such session', status: 404 });
    await expect(answer).resolves.toEqual({ ok: false, error: 'No such session', status: 404 });
  });

  it('fails a waiting request when the connection drops, or after its timeout', async () => {
    vi.useFakeTimers();
    try {
      const fake = signIn();
      fake.fire('connect');
      const dropped = service.request('terminal:close', { sessionId: 's-1' });
      fake.fire('disconnect', 'transport close');
      await expect(dropped).rejects.toMatchObject({ reason: 'disconnected' });

      fake.fire('connect');
      const slow = service.request('terminal:close', { sessionId: 's-1' }, 5_000);
      const failed = expect(slow).rejects.toMatchObject({ reason: 'timeout' });
      vi.advanceTimersByTime(5_000);
      await failed;
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends keystrokes only while connected: nothing is queued for later', () => {
    const fake = signIn();
    expect(service.send('terminal:input', { sessionId: 's-1', data: 'ls\r' })).toBe(false);
    fake.fire('connect');
    expect(service.send('terminal:input', { sessionId: 's-1', data: 'pwd\r' })).toBe(true);
    expect(fake.emitted.map((e) => e.payload)).toEqual([{ sessionId: 's-1', data: 'pwd\r' }]);
  });
});

describe('SocketService with a socket whose code loads on demand', () => {
  it('connects once the socket is created, with the listeners subscribed meanwhile', async () => {
    let resolve: ((socket: HyperionSocket) => void) | undefined;
    let fake: FakeSocket | undefined;
    const token = signal<string | null>(null);
    TestBed.configureTestingModule({
      providers: [
        {
          provide: SOCKET_FACTORY,
          useValue: (auth: SocketAuthProvider) => {
            fake = new FakeSocket(auth);
            return new Promise<HyperionSocket>((r) => (resolve = r));
          },
        },
        { provide: SOCKET_ACCESS_TOKEN, useValue: token.asReadonly() },
      ],
    });
    const service = TestBed.inject(SocketService);
    const received: HealthReport[] = [];
    service.on('health:status').subscribe((r) => received.push(r));
    token.set('token-1');
    TestBed.tick();
    expect(fake?.handshakes).toEqual([]);

    resolve?.(fake as unknown as HyperionSocket);
    await Promise.resolve();
    await Promise.resolve();

    expect(fake?.handshakes).toEqual(['token-1']);
    fake?.fire('connect');
    fake?.fire('health:status', report);
    expect(service.connected()).toBe(true);
    expect(received).toEqual([report]);
  });
});
