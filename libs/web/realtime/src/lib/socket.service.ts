import {
  DestroyRef,
  Injectable,
  InjectionToken,
  Signal,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import {
  ClientToServerEvents,
  SOCKET_PATH,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
  SocketAuth,
} from '@hyperion/contracts';
import { Observable, Subject } from 'rxjs';
import { Socket, io } from 'socket.io-client';

export type HyperionSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** After the server refused a handshake, try again after this long (doubling up to the max). */
const RETRY_INITIAL_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** Supplies the handshake credentials; called by socket.io on every (re)connection attempt. */
export type SocketAuthProvider = (callback: (auth: SocketAuth) => void) => void;

/**
 * Creates the Socket.IO client, not yet connected. The default connects to the page's own origin
 * (the API serves the console), on the shared `SOCKET_PATH`; tests replace it with a fake socket.
 */
export const SOCKET_FACTORY = new InjectionToken<(auth: SocketAuthProvider) => HyperionSocket>(
  'SOCKET_FACTORY',
  {
    providedIn: 'root',
    factory: () => (auth) => io({ path: SOCKET_PATH, autoConnect: false, auth }),
  },
);

/**
 * The access token the socket authenticates with; null means "stay disconnected". The app
 * provides the session's token; the default never connects (the API refuses anonymous sockets).
 */
export const SOCKET_ACCESS_TOKEN = new InjectionToken<Signal<string | null>>(
  'SOCKET_ACCESS_TOKEN',
  { providedIn: 'root', factory: () => signal(null).asReadonly() },
);

/**
 * The console's single realtime connection. Connects only while there is an access token, with
 * that token in the handshake; reconnects when the token changes (after a refresh) and
 * disconnects when it goes (logout). Between those, socket.io reconnects on its own. The
 * connection state is a signal and each server event a typed Observable.
 */
@Injectable({ providedIn: 'root' })
export class SocketService {
  private readonly accessToken = inject(SOCKET_ACCESS_TOKEN);
  /** The token the current connection (or attempt) uses. */
  private token: string | null = null;
  private readonly socket = inject(SOCKET_FACTORY)((callback) =>
    callback({ token: this.token ?? '' }),
  );
  private readonly connectedState = signal(this.socket.connected);
  private readonly reconnects = new Subject<void>();
  private hasConnected = this.socket.connected;
  private retryDelay = RETRY_INITIAL_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether the socket is connected right now. */
  readonly connected = this.connectedState.asReadonly();

  /** Emits each time the socket connects again after a disconnection (not on the first connect). */
  readonly reconnected$: Observable<void> = this.reconnects.asObservable();

  constructor() {
    this.socket.on('connect', () => {
      this.retryDelay = RETRY_INITIAL_MS;
      this.connectedState.set(true);
      if (this.hasConnected) {
        this.reconnects.next();
      }
      this.hasConnected = true;
    });
    this.socket.on('disconnect', (reason: string) => {
      this.connectedState.set(false);
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
    this.socket.on('connect_error', () => {
      if (!this.socket.active) {
        this.scheduleRetry();
      }
    });

    effect(() => {
      const token = this.accessToken();
      untracked(() => this.useToken(token));
    });

    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.retryTimer);
      this.reconnects.complete();
      this.socket.close();
    });
  }

  /** The payloads of one server event; the listener is removed when the subscription ends. */
  on<E extends ServerEventName>(event: E): Observable<ServerEventPayload<E>> {
    return new Observable<ServerEventPayload<E>>((subscriber) => {
      const listener = (payload: ServerEventPayload<E>) => subscriber.next(payload);
      // socket.io cannot type a listener for a generic event name; `E` already ties the payload
      // to the event, so its untyped view is safe here.
      const untyped = this.socket as unknown as Socket;
      const name: string = event;
      untyped.on(name, listener);
      return () => untyped.off(name, listener);
    });
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      if (this.token !== null && !this.socket.active) {
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
    if (hadToken) {
      // The server checked the old token at the handshake: start over with the new one.
      this.socket.disconnect();
    }
    if (token !== null) {
      this.socket.connect();
    }
  }
}
