import { type Actor, AppConfig, RequestContext } from '@hyperion/api/core';
import {
  ClientToServerEvents,
  LiveAnswer,
  SOCKET_PATH,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
} from '@hyperion/contracts';
import { Inject, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import { LiveTopics, queuedPackets } from './live-topics';
import { actorRooms } from './rooms';
import { SOCKET_AUTHENTICATOR, SocketAuthenticator } from './socket-authenticator';

/** What the handshake leaves on a socket (also sent to other instances by `fetchSockets`). */
export interface HyperionSocketData {
  actor?: Actor;
  /** When the handshake's token expires (epoch ms), if the authenticator can tell. */
  expiresAt?: number;
  /** The live topics this socket follows (see LiveTopics). */
  liveTopics?: Set<string>;
  /** Out of its live rooms until its connection drains (see LiveTopics.watchBacklog). */
  livePaused?: boolean;
}

export type HyperionServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  HyperionSocketData
>;
/** `data.actor` is set by the handshake check: every connected socket is authenticated. */
export type HyperionSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  HyperionSocketData
>;

/** Sends something to one newly connected client (e.g. the current state of a domain). */
export type ConnectionGreeter = (socket: HyperionSocket, actor: Actor) => void | Promise<void>;

/**
 * What a domain sees of one authenticated socket, to answer its own client events (the browser
 * terminals). Listeners run in a request context of the socket's actor (organisation, source
 * IP, user agent: what a unit of work and the audit log read); a listener that throws or
 * rejects is logged, never fatal to the socket. Payloads come from the client: check them.
 */
export interface DomainSocket {
  readonly id: string;
  readonly actor: Actor;
  on(event: keyof ClientToServerEvents, listener: (...args: unknown[]) => unknown): void;
  join(room: string): void;
  leave(room: string): void;
  /** Sends one event to this socket only. */
  emit<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void;
  onDisconnect(listener: () => void): void;
  /** Packets held for this client, not yet taken by its connection (a slow console). */
  backlog(): number;
  /** Calls `listener` once, when the client has taken every packet held for it. */
  onceDrained(listener: () => void): void;
}

/** Called once per authenticated socket, before any of its events is read. */
export type SocketHandler = (socket: DomainSocket) => void;

/** Anything socket.io can emit on: a socket, or a server / room broadcast. */
interface Emitter {
  emit: unknown;
}

/**
 * Emits one event typed through the contracts' event map. socket.io's own emit typing cannot
 * narrow a generic event name; `E` already ties the payload to the event.
 */
export function emitEvent<E extends ServerEventName>(
  target: Emitter,
  event: E,
  payload: ServerEventPayload<E>,
): void {
  (target.emit as (event: E, payload: ServerEventPayload<E>) => boolean).call(
    target,
    event,
    payload,
  );
}

/** setTimeout's longest delay (about 24.8 days); a later expiry is re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long `disconnectRoom` waits for every instance to confirm before it warns and returns. */
const DISCONNECT_CONFIRM_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The one Socket.IO gateway: authenticates the handshake, puts each socket in the rooms of its
 * actor (see rooms.ts) and closes sockets. Domain code uses RealtimePublisher, not this.
 */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly greeters: ConnectionGreeter[] = [];
  private readonly socketHandlers: SocketHandler[] = [];

  /** Set by Nest once the server exists; internal to this library. */
  @WebSocketServer()
  server?: HyperionServer;

  constructor(
    @Inject(SOCKET_AUTHENTICATOR) private readonly authenticator: SocketAuthenticator,
    @Optional() private readonly config?: AppConfig,
    @Optional() private readonly live?: LiveTopics,
  ) {}

  afterInit(server: HyperionServer): void {
    // Checked before the connection is accepted: an unauthenticated socket never joins the
    // namespace, so not even a broadcast can reach it. The client gets `connect_error`.
    server.use((socket, next) => {
      this.authenticate(socket).then(
        (ok) => next(ok ? undefined : new Error('Unauthorized')),
        () => next(new Error('Unauthorized')),
      );
    });
    this.logger.log(`Socket.IO gateway listening on ${SOCKET_PATH}`);
  }

  async handleConnection(socket: HyperionSocket): Promise<void> {
    const actor = socket.data.actor;
    if (!actor || !this.closeOnExpiry(socket)) {
      socket.disconnect(true);
      return;
    }
    // Joined before the greeting: whatever is published from now on reaches this socket too.
    // (Rooms live in this instance's adapter; the Redis adapter only relays broadcasts.)
    void socket.join(actorRooms(actor));
    this.answerLiveRequests(socket);
    // Before the first await: the client may send its events as soon as it is connected.
    for (const handle of this.socketHandlers) {
      try {
        handle(this.domainSocket(socket, actor));
      } catch (error) {
        this.logger.warn(`A socket handler failed: ${String(error)}`);
      }
    }
    for (const greet of this.greeters) {
      try {
        await greet(socket, actor);
      } catch (error) {
        this.logger.warn(`Greeting a new client failed: ${String(error)}`);
      }
    }
  }

  /** Closes this instance's clients only; the other instances keep theirs. */
  onModuleDestroy(): void {
    this.server?.local.disconnectSockets(true);
  }

  addGreeter(greeter: ConnectionGreeter): void {
    this.greeters.push(greeter);
  }

  addSocketHandler(handler: SocketHandler): void {
    this.socketHandlers.push(handler);
  }

  private domainSocket(socket: HyperionSocket, actor: Actor): DomainSocket {
    const userAgent = socket.handshake.headers?.['user-agent'];
    const context = {
      actor,
      ip: this.clientAddress(socket),
      userAgent: userAgent ? userAgent.slice(0, 512) : null,
    };
    const logger = this.logger;
    return {
      id: socket.id,
      actor,
      on(event, listener) {
        (socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void }).on(
          event,
          (...args: unknown[]) => {
            RequestContext.run(context, async () => {
              try {
                await listener(...args);
              } catch (error) {
                logger.warn(`Handling ${String(event)} failed: ${String(error)}`);
              }
            });
          },
        );
      },
      join: (room) => void socket.join(room),
      leave: (room) => void socket.leave(room),
      emit: (event, payload) => emitEvent(socket, event, payload),
      onDisconnect: (listener) => void socket.once('disconnect', () => listener()),
      backlog: () => queuedPackets(socket.conn),
      onceDrained: (listener) => void socket.conn.once('drain', () => listener()),
    };
  }

  /** Sends an event to the sockets in `room`, on every instance (through the adapter). */
  emitToRoom<E extends ServerEventName>(
    room: string,
    event: E,
    payload: ServerEventPayload<E>,
  ): void {
    if (this.server) emitEvent(this.server.to(room), event, payload);
  }

  /**
   * Sends a live event (a host's sample …) to the sockets in `room`, on every instance. A
   * client with a backlog is out of the room meanwhile (LiveTopics.watchBacklog), so a slow
   * console never makes the server hold more than a bounded queue for it.
   */
  emitLiveToRoom<E extends ServerEventName>(
    room: string,
    event: E,
    payload: ServerEventPayload<E>,
  ): void {
    if (this.server) emitEvent(this.server.to(room), event, payload);
  }

  /**
   * Closes the sockets in `room` on every instance. Resolves once every instance has confirmed
   * (or after DISCONNECT_CONFIRM_MS, with a warning, e.g. while Redis is down); never rejects.
   */
  async disconnectRoom(room: string): Promise<void> {
    const server = this.server;
    if (!server) return;
    // Here at once, even when Redis is unreachable; then everywhere, through the adapter.
    server.local.in(room).disconnectSockets(true);
    server.in(room).disconnectSockets(true);
    try {
      // Each instance answers this after handling the disconnect request published before it,
      // so what is left joined the room in between: close that too.
      const left = await withTimeout(server.in(room).fetchSockets(), DISCONNECT_CONFIRM_MS);
      for (const socket of left) socket.disconnect(true);
    } catch (error) {
      this.logger.warn(
        `Closing the sockets of ${room} everywhere is unconfirmed: ${String(error)}`,
      );
    }
  }

  /** `live:subscribe` / `live:unsubscribe`, each answered through the client's ack. */
  private answerLiveRequests(socket: HyperionSocket): void {
    const live = this.live;
    if (!live) return;
    const answer = (work: Promise<LiveAnswer>, ack: unknown) => {
      work.then(
        (result) => {
          if (typeof ack === 'function') ack(result);
        },
        (error: unknown) => {
          this.logger.warn(`A live subscription failed: ${String(error)}`);
          if (typeof ack === 'function') ack({ ok: false, error: 'Live subscription failed' });
        },
      );
    };
    live.watchBacklog(socket);
    socket.on('live:subscribe', (request, ack) => answer(live.subscribe(socket, request), ack));
    socket.on('live:unsubscribe', (request, ack) => answer(live.unsubscribe(socket, request), ack));
  }

  /**
   * Runs the authenticator in a request context of the handshake's own (source IP, user agent),
   * so whatever it audits (a refused token) says where the attempt came from. A handshake with
   * no token at all is refused without asking it, like an HTTP request with no credential.
   */
  private async authenticate(socket: HyperionSocket): Promise<boolean> {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : '';
    if (!token) return false;
    const userAgent = socket.handshake.headers?.['user-agent'];
    const actor = await RequestContext.run(
      { ip: this.clientAddress(socket), userAgent: userAgent ? userAgent.slice(0, 512) : null },
      () => this.authenticator.authenticate(token),
    );
    if (!actor) return false;
    socket.data.actor = actor;
    const expiresAt = this.authenticator.expiresAt?.(token)?.getTime();
    if (expiresAt !== undefined && Number.isFinite(expiresAt)) socket.data.expiresAt = expiresAt;
    return true;
  }

  /**
   * The client's address as HTTP requests see it: with TRUST_PROXY (Express's `trust proxy 1`),
   * the last address the reverse proxy appended to X-Forwarded-For; otherwise the peer's.
   */
  private clientAddress(socket: HyperionSocket): string | null {
    const forwarded = socket.handshake.headers?.['x-forwarded-for'];
    const list = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    const last = list?.split(',').pop()?.trim();
    if (this.config?.trustProxy && last) return last;
    return socket.handshake.address || null;
  }

  /** Arms the close at the token's expiry; false when it has already expired. */
  private closeOnExpiry(socket: HyperionSocket): boolean {
    const expiresAt = socket.data.expiresAt;
    if (expiresAt === undefined) return true;
    if (expiresAt <= Date.now()) return false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      const left = expiresAt - Date.now();
      if (left <= 0) {
        socket.disconnect(true);
        return;
      }
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      timer.unref();
    };
    socket.once('disconnect', () => clearTimeout(timer));
    arm();
    return true;
  }
}
