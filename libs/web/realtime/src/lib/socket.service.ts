import {
  DestroyRef,
  Injectable,
  InjectionToken,
  Signal,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import {
  ClientToServerEvents,
  LiveAnswer,
  SOCKET_PATH,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
  SocketAuth,
} from '@hyperion/contracts';
import { Observable, Subject } from 'rxjs';
// Types only: the library itself is loaded on demand (see SOCKET_FACTORY).
import type { Socket } from 'socket.io-client';

export type HyperionSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** After the server refused a handshake, try again after this long (doubling up to the max). */
const RETRY_INITIAL_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** Supplies the handshake credentials; called by socket.io on every (re)connection attempt. */
export type SocketAuthProvider = (callback: (auth: SocketAuth) => void) => void;

/** Creates the client socket, not yet connected: at once, or once its code is loaded. */
export type SocketFactory = (auth: SocketAuthProvider) => HyperionSocket | Promise<HyperionSocket>;

/**
 * Creates the Socket.IO client, not yet connected. The default loads `socket.io-client` only
 * now (a separate chunk: nothing of it is downloaded before someone signed in) and connects to
 * the page's own origin (the API serves the console), on the shared `SOCKET_PATH`; tests replace
 * it with a fake socket.
 */
export const SOCKET_FACTORY = new InjectionToken<SocketFactory>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => async (auth) => {
    const { io } = await import('socket.io-client');
    return io({ path: SOCKET_PATH, autoConnect: false, auth });
  },
});

/**
 * The access token the socket authenticates with; null means "stay disconnected". The app
 * provides the session's token; the default never connects (the API refuses anonymous sockets).
 */
export const SOCKET_ACCESS_TOKEN = new InjectionToken<Signal<string | null>>(
  'SOCKET_ACCESS_TOKEN',
  { providedIn: 'root', factory: () => signal(null).asReadonly() },
);

type Listener = (payload: unknown) => void;

/** A client → server event's name, its payload and the server's answer (its ack's argument). */
export type ClientEventName = keyof ClientToServerEvents;
export type ClientEventPayload<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
export type ClientEventAnswer<E extends ClientEventName> =
  NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends (answer: infer A) => void ? A : never;

/** How long `request` waits for the server's answer by default. */
const REQUEST_TIMEOUT_MS = 15_000;

/** Why a `request` got no answer: not connected, the connection dropped, or too slow. */
export class SocketRequestError extends Error {
  constructor(
    message: string,
    readonly reason: 'offline' | 'disconnected' | 'timeout',
  ) {
    super(message);
    this.name = 'SocketRequestError';
  }
}

/**
 * The console's single realtime connection. Connects only while there is an access token, with
 * that token in the handshake; reconnects when the token changes (after a refresh) and
 * disconnects when it goes (logout). Between those, socket.io reconnects on its own. The socket
 * (and socket.io's code) is created on the first token. The connection state is a signal, with
 * the moment the connection was lost; each server event is a typed Observable.
 */
@Injectable({ providedIn: 'root' })
export class SocketService {
  private readonly accessToken = inject(SOCKET_ACCESS_TOKEN);
  private readonly factory = inject(SOCKET_FACTORY);
  /** The token the current connection (or attempt) uses. */
  private token: string | null = null;
  private socket: HyperionSocket | null = null;
  private creating = false;
  private destroyed = false;
  private readonly connectedState = signal(false);
  private readonly lostAt = signal<Date | null>(null);
  private readonly reconnects = new Subject<void>();
  private hasConnected = false;
  private retryDelay = RETRY_INITIAL_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The listeners of each server event; one dispatcher per event is attached to the socket. */
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly dispatchers = new Map<string, Listener>();
  /** The live topics followed, with the answers' listeners of each (one server subscription each). */
  private readonly topics = new Map<string, Set<(answer: LiveAnswer) => void>>();
  /** The `request`s waiting for an answer: failed at once when the connection drops. */
  private readonly pending = new Set<(error: SocketRequestError) => void>();

  /** Whether the socket is connected right now. */
  readonly connected = this.connectedState.asReadonly();

  /**
   * When live updates stopped: the connection dropped, or could not be made, while signed in.
   * Null while connected, and while there is nothing to connect (signed out).
   */
  readonly lostSince = this.lostAt.asReadonly();

  /** Whether live updates should be flowing but are not. */
  readonly lost = computed(() => this.lostAt() !== null);

  /** Emits each time the socket connects again after a disconnection (not on the first connect). */
  readonly reconnected$: Observable<void> = this.reconnects.asObservable();

  constructor() {
    effect(() => {
      const token = this.accessToken();
      untracked(() => this.useToken(token));
    });

    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      clearTimeout(this.retryTimer);
      this.reconnects.complete();
      this.socket?.close();
    });
  }

  /** The payloads of one server event; the listener is removed when the subscription ends. */
  on<E extends ServerEventName>(event: E): Observable<ServerEventPayload<E>> {
    return new Observable<ServerEventPayload<E>>((subscriber) => {
      const listener: Listener = (payload) => subscriber.next(payload as ServerEventPayload<E>);
      const name: string = event;
      const set = this.listeners.get(name) ?? new Set<Listener>();
      this.listeners.set(name, set);
      set.add(listener);
      this.attach(name);
      return () => {
        set.delete(listener);
        if (set.size === 0) {
          this.listeners.delete(name);
          this.detach(name);
        }
      };
    });
  }

  /**
   * Follows a live topic (e.g. `hostLiveTopic(id)`) while subscribed: asks the server on every
   * (re)connection, since a new connection starts with no topic, and leaves it when the last
   * subscriber goes. Emits the server's answer each time (a refusal says why); the topic's
   * events themselves come through `on(event)`.
   */
  follow(topic: string): Observable<LiveAnswer> {
    return new Observable<LiveAnswer>((subscriber) => {
      const listener = (answer: LiveAnswer) => subscriber.next(answer);
      const listeners = this.topics.get(topic) ?? new Set();
      const first = listeners.size === 0;
      listeners.add(listener);
      this.topics.set(topic, listeners);
      if (first) {
        this.askLive(topic);
      } else if (this.socket?.connected) {
        // Already followed: this subscriber gets an answer of its own.
        this.socket.emit('live:subscribe', { topic }, listener);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          this.topics.delete(topic);
          if (this.socket?.connected) {
            this.socket.emit('live:unsubscribe', { topic }, () => undefined);
          }
        }
      };
    });
  }

  /**
   * Sends one client event and resolves with the server's answer (its ack). Nothing is queued:
   * when the socket is not connected, it fails at once; when the connection drops or the server
   * does not answer within `timeoutMs`, it fails then (with a SocketRequestError saying which).
   */
  request<E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<ClientEventAnswer<E>> {
    const socket = this.untyped();
    if (!socket?.connected) {
      return Promise.reject(
        new SocketRequestError('Not connected to Hyperion: live updates are down.', 'offline'),
      );
    }
    return new Promise<ClientEventAnswer<E>>((resolve, reject) => {
      const fail = (error: SocketRequestError) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            new SocketRequestError(
              `Hyperion did not answer within ${Math.round(timeoutMs / 1000)} s.`,
              'timeout',
            ),
          ),
        timeoutMs,
      );
      this.pending.add(fail);
      socket.emit(event, payload, (answer: ClientEventAnswer<E>) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        resolve(answer);
      });
    });
  }

  /**
   * Sends one client event that expects no answer (keystrokes). Nothing is queued: while the
   * socket is not connected the event is dropped and this answers false, so nothing typed during
   * an outage arrives by surprise later.
   */
  send<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): boolean {
    const socket = this.untyped();
    if (!socket?.connected) {
      return false;
    }
    socket.emit(event, payload);
    return true;
  }

  /** Subscribes the connected socket to one topic; its answer goes to the topic's listeners. */
  private askLive(topic: string): void {
    if (!this.socket?.connected) {
      return;
    }
    this.socket.emit('live:subscribe', { topic }, (answer) => {
      for (const listener of [...(this.topics.get(topic) ?? [])]) {
        listener(answer);
      }
    });
  }

  /** socket.io cannot type a listener for a generic event name: its untyped view. */
  private untyped(): Socket | null {
    return this.socket as unknown as Socket | null;
  }

  private attach(name: string): void {
    const socket = this.untyped();
    if (!socket || this.dispatchers.has(name)) {
      return;
    }
    const dispatcher: Listener = (payload) => {
      for (const listener of [...(this.listeners.get(name) ?? [])]) {
        listener(payload);
      }
    };
    this.dispatchers.set(name, dispatcher);
    socket.on(name, dispatcher);
  }

  private detach(name: string): void {
    const dispatcher = this.dispatchers.get(name);
    if (dispatcher) {
      this.untyped()?.off(name, dispatcher);
      this.dispatchers.delete(name);
    }
  }

  /** Creates the socket (loading socket.io's code first by default), then connects it. */
  private createSocket(): void {
    if (this.socket || this.creating) {
      return;
    }
    this.creating = true;
    let created: HyperionSocket | Promise<HyperionSocket>;
    try {
      created = this.factory((callback) => callback({ token: this.token ?? '' }));
    } catch {
      this.creationFailed();
      return;
    }
    if (created instanceof Promise) {
      created.then(
        (socket) => this.adopt(socket),
        () => this.creationFailed(),
      );
    } else {
      this.adopt(created);
    }
  }

  /** socket.io's code could not be loaded (the server is unreachable): try again later. */
  private creationFailed(): void {
    this.creating = false;
    this.markLost();
    this.scheduleRetry();
  }

  private adopt(socket: HyperionSocket): void {
    this.creating = false;
    if (this.destroyed) {
      socket.close();
      return;
    }
    this.socket = socket;
    socket.on('connect', () => {
      this.retryDelay = RETRY_INITIAL_MS;
      this.connectedState.set(true);
      this.lostAt.set(null);
      for (const topic of this.topics.keys()) {
        this.askLive(topic);
      }
      if (this.hasConnected) {
        this.reconnects.next();
      }
      this.hasConnected = true;
    });
    socket.on('disconnect', (reason: string) => {
      this.connectedState.set(false);
      for (const fail of [...this.pending]) {
        fail(new SocketRequestError('The connection to Hyperion dropped.', 'disconnected'));
      }
      // Our own disconnect (a new token, or logout) is not a loss.
      if (reason !== 'io client disconnect') {
        this.markLost();
      }
      // The server closes a socket whose session or permissions changed (logout elsewhere, a
      // role change, an expired token). socket.io does not come back from that by itself: try
      // again, so the socket rejoins with what the session may see now, or the refused
      // handshake backs off while the session refreshes or ends.
      if (reason === 'io server disconnect') {
        this.scheduleRetry();
      }
    });
    // socket.io retries lost connections by itself, but not a handshake the server refused (an
    // expired token, or the API unable to check it for a moment): retry that here, with back-off.
    socket.on('connect_error', () => {
      this.markLost();
      if (!socket.active) {
        this.scheduleRetry();
      }
    });
    for (const name of this.listeners.keys()) {
      this.attach(name);
    }
    if (this.token !== null) {
      socket.connect();
    }
  }

  private markLost(): void {
    if (this.token !== null && this.lostAt() === null) {
      this.lostAt.set(new Date());
    }
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      if (this.token === null) {
        return;
      }
      if (!this.socket) {
        this.createSocket();
      } else if (!this.socket.active) {
        this.socket.connect();
      }
    }, delay);
  }

  private useToken(token: string | null): void {
    if (token === this.token) {
      return;
    }
    clearTimeout(this.retryTimer);
    this.retryDelay = RETRY_INITIAL_MS;
    const hadToken = this.token !== null;
    this.token = token;
    if (token === null) {
      this.lostAt.set(null);
    }
    if (!this.socket) {
      if (token !== null) {
        this.createSocket();
      }
      return;
    }
    if (hadToken) {
      // The server checked the old token at the handshake: start over with the new one.
      this.socket.disconnect();
    }
    if (token !== null) {
      this.socket.connect();
    }
  }
}
