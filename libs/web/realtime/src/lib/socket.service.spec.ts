import { TestBed } from '@angular/core/testing';
import { HealthReport } from '@hyperion/contracts';

import { HyperionSocket, SOCKET_FACTORY, SocketService } from './socket.service';

type Listener = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket: listeners, a connected flag, close(). */
class FakeSocket {
  connected = false;
  closed = false;
  private readonly listeners = new Map<string, Set<Listener>>();

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

  beforeEach(() => {
    fake = new FakeSocket();
    TestBed.configureTestingModule({
      providers: [
        {
          provide: SOCKET_FACTORY,
          useValue: () => fake as unknown as HyperionSocket,
        },
      ],
    });
    service = TestBed.inject(SocketService);
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
