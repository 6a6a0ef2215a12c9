import {
  ClientToServerEvents,
  SOCKET_PATH,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
} from '@hyperion/contracts';
import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

export type HyperionServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type HyperionSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Sends something to one newly connected client (e.g. the current state of a domain). */
export type ConnectionGreeter = (socket: HyperionSocket) => void | Promise<void>;

/** The one Socket.IO gateway. Domain code publishes through RealtimePublisher, not through this. */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly greeters: ConnectionGreeter[] = [];

  @WebSocketServer()
  private server?: HyperionServer;

  afterInit(): void {
    this.logger.log(`Socket.IO gateway listening on ${SOCKET_PATH}`);
  }

  async handleConnection(socket: HyperionSocket): Promise<void> {
    for (const greet of this.greeters) {
      try {
        await greet(socket);
      } catch (error) {
        this.logger.warn(`Greeting a new client failed: ${String(error)}`);
      }
    }
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
