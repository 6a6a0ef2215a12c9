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
  let fake: FakeSocket;
  let service: SocketService;
  const token = signal<string | null>(null);

  beforeEach(() => {
    token.set(null);
    TestBed.configureTestingModule({
      providers: [
        {
          provide: SOCKET_FACTORY,
          useValue: (auth: SocketAuthProvider) => {
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

  it('stays disconnected without an access token, then connects with it in the handshake', () => {
    expect(fake.handshakes).toEqual([]);

    token.set('token-1');
    TestBed.tick();

    expect(fake.handshakes).toEqual(['token-1']);
  });

  it('reconnects with the new token after a refresh, and disconnects on logout', () => {
    token.set('token-1');
    TestBed.tick();
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
    expect(fake.handshakes).toEqual(['token-1', 'token-2']);
  });

  it('tries again, with back-off, when the server refused the handshake', () => {
    vi.useFakeTimers();
    try {
      token.set('token-1');
      TestBed.tick();
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
      token.set('token-1');
      TestBed.tick();
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

  it('exposes the connection state as a signal', () => {
    expect(service.connected()).toBe(false);

    fake.fire('connect');
    expect(service.connected()).toBe(true);

    fake.fire('disconnect', 'transport close');
    expect(service.connected()).toBe(false);
  });

  it('signals reconnections but not the first connection', () => {
    let reconnections = 0;
    service.reconnected$.subscribe(() => reconnections++);

    fake.fire('connect');
    expect(reconnections).toBe(0);

    fake.fire('disconnect', 'transport close');
    fake.fire('connect');
    expect(reconnections).toBe(1);
  });

  it('streams the payloads of a server event and stops listening on unsubscribe', () => {
    const received: HealthReport[] = [];
    const subscription = service.on('health:status').subscribe((r) => received.push(r));

    fake.fire('health:status', report);
    expect(received).toEqual([report]);

    subscription.unsubscribe();
    expect(fake.listenerCount('health:status')).toBe(0);
  });

  it('closes the socket when the application is destroyed', () => {
    TestBed.resetTestingModule();

    expect(fake.closed).toBe(true);
  });
});
