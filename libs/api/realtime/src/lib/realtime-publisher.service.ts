import { ServerEventName, ServerEventPayload } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { ConnectionGreeter, RealtimeGateway } from './realtime.gateway';

/** What domain services use to push events to the console. */
@Injectable()
export class RealtimePublisher {
  constructor(private readonly gateway: RealtimeGateway) {}

  /** Sends an event to every connected console, on every API instance (Redis adapter). */
  publish<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void {
    this.gateway.broadcast(event, payload);
  }

  /** Sends an event to one client as soon as it connects. */
  onConnect<E extends ServerEventName>(
    event: E,
    current: () => ServerEventPayload<E> | undefined | Promise<ServerEventPayload<E> | undefined>,
  ): void {
    const greeter: ConnectionGreeter = async (socket) => {
      const payload = await current();
      if (payload !== undefined) {
        (socket.emit as (event: E, payload: ServerEventPayload<E>) => boolean).call(
          socket,
          event,
          payload,
        );
      }
    };
    this.gateway.addGreeter(greeter);
  }
}
