import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import {
  ClientToServerEvents,
  SOCKET_PATH,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
} from '@hyperion/contracts';
import { Observable, Subject } from 'rxjs';
import { Socket, io } from 'socket.io-client';

export type HyperionSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens the Socket.IO connection. The default connects to the page's own origin (the API serves
 * the console), on the shared `SOCKET_PATH`; tests replace it with a fake socket.
 */
export const SOCKET_FACTORY = new InjectionToken<() => HyperionSocket>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => () => io({ path: SOCKET_PATH }),
});

/**
 * The console's single realtime connection. Socket.IO reconnects on its own; this service turns
 * the connection state into a signal and each server event into a typed Observable.
 */
@Injectable({ providedIn: 'root' })
export class SocketService {
  private readonly socket = inject(SOCKET_FACTORY)();
  private readonly connectedState = signal(this.socket.connected);
  private readonly reconnects = new Subject<void>();
  private hasConnected = this.socket.connected;

  /** Whether the socket is connected right now. */
  readonly connected = this.connectedState.asReadonly();

  /** Emits each time the socket connects again after a disconnection (not on the first connect). */
  readonly reconnected$: Observable<void> = this.reconnects.asObservable();

  constructor() {
    this.socket.on('connect', () => {
      this.connectedState.set(true);
      if (this.hasConnected) {
        this.reconnects.next();
      }
      this.hasConnected = true;
    });
    this.socket.on('disconnect', () => this.connectedState.set(false));

    inject(DestroyRef).onDestroy(() => {
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
}
