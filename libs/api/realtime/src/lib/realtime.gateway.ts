import type { Actor } from '@hyperion/api/core';
import {
  ClientToServerEvents,
  SOCKET_PATH,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
} from '@hyperion/contracts';
import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import { SOCKET_AUTHENTICATOR, SocketAuthenticator } from './socket-authenticator';

export type HyperionServer = Server<ClientToServerEvents, ServerToClientEvents>;
/** `data.actor` is set by the handshake check: every connected socket is authenticated. */
export type HyperionSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { actor?: Actor }
>;

/** Sends something to one newly connected client (e.g. the current state of a domain). */
export type ConnectionGreeter = (socket: HyperionSocket) => void | Promise<void>;

/** The one Socket.IO gateway. Domain code publishes through RealtimePublisher, not through this. */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly greeters: ConnectionGreeter[] = [];

  @WebSocketServer()
  private server?: HyperionServer;

  constructor(@Inject(SOCKET_AUTHENTICATOR) private readonly authenticator: SocketAuthenticator) {}

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
    if (!socket.data.actor) {
      socket.disconnect(true);
      return;
    }
    for (const greet of this.greeters) {
      try {
        await greet(socket);
      } catch (error) {
        this.logger.warn(`Greeting a new client failed: ${String(error)}`);
      }
    }
  }

  private async authenticate(socket: HyperionSocket): Promise<boolean> {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : '';
    const actor =
      token && token.length <= 4096 ? await this.authenticator.authenticate(token) : null;
    if (!actor) return false;
    socket.data.actor = actor;
    return true;
  }

  onModuleDestroy(): void {
    this.server?.disconnectSockets(true);
  }

  addGreeter(greeter: ConnectionGreeter): void {
    this.greeters.push(greeter);
  }

  broadcast<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void {
    // Typed through the contracts' event map; socket.io's own emit typing cannot narrow a generic key.
    (
      this.server?.emit as ((event: E, payload: ServerEventPayload<E>) => boolean) | undefined
    )?.call(this.server, event, payload);
  }
}
