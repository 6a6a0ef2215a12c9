import { Provider, signal } from '@angular/core';
import {
  HyperionSocket,
  SOCKET_ACCESS_TOKEN,
  SOCKET_FACTORY,
  SocketAuthProvider,
} from '@hyperion/web/realtime';

type Listener = (...args: unknown[]) => void;

/** What the console sent: the event, its payload and (for requests) the ack to answer. */
export interface Emitted {
  readonly event: string;
  readonly payload: unknown;
  readonly ack?: Listener;
}

/**
 * Just enough of a socket.io client for the terminal specs: the real SocketService runs on it;
 * the spec plays the server (connects, drops, answers acks, pushes events).
 */
export class FakeSocket {
  connected = false;
  active = true;
  readonly emitted: Emitted[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly auth: SocketAuthProvider,
    /** Connects at once when asked to (the server is up). */
    private readonly up = false,
  ) {}

  connect(): this {
    this.auth(() => undefined);
    if (this.up) this.fire('connect');
    return this;
  }

  disconnect(): this {
    if (this.connected) this.fire('disconnect', 'io client disconnect');
    return this;
  }

  close(): this {
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

  emit(event: string, payload: unknown, ack?: Listener): this {
    this.emitted.push({ event, payload, ack });
    return this;
  }

  /** The server's side: an event to the console (`connect`, `disconnect`, `terminal:output` …). */
  fire(event: string, ...args: unknown[]): void {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  /** What was sent of one event, in order. */
  sent(event: string): Emitted[] {
    return this.emitted.filter((e) => e.event === event);
  }

  /** The last request of `event`, which the spec then answers. */
  last(event: string): Emitted {
    const found = this.sent(event).at(-1);
    if (!found)
      throw new Error(
        `Nothing sent: ${event} (sent: ${this.emitted.map((e) => e.event).join(', ')})`,
      );
    return found;
  }
}

/**
 * Providers that make the real SocketService use one FakeSocket, signed in; `up`: it connects
 * at once, before the page's first render.
 */
export function fakeSocketProviders(
  onCreate: (socket: FakeSocket) => void,
  up = false,
): Provider[] {
  return [
    { provide: SOCKET_ACCESS_TOKEN, useValue: signal('token-1').asReadonly() },
    {
      provide: SOCKET_FACTORY,
      useValue: (auth: SocketAuthProvider) => {
        const socket = new FakeSocket(auth, up);
        onCreate(socket);
        return socket as unknown as HyperionSocket;
      },
    },
  ];
}
