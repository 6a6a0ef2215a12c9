import { OutboxEvent, OutboxMessage, OutboxRelay } from '@hyperion/api/core';
import type { ServerEventPayload } from '@hyperion/contracts';
import { Injectable, OnModuleInit } from '@nestjs/common';

import { RealtimePublisher } from './realtime-publisher.service';

/**
 * Publishes the live events units of work left in the outbox, once their change committed
 * (see OutboxRelay): to the sockets of the event's organisation holding its permission.
 */
@Injectable()
export class OutboxEventDispatcher implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly publisher: RealtimePublisher,
  ) {}

  onModuleInit(): void {
    this.relay.onEvent(async ({ payload }: OutboxMessage<OutboxEvent>) => {
      this.publisher.publish(
        payload.event,
        payload.payload as ServerEventPayload<typeof payload.event>,
        payload.scope,
      );
    });
  }
}
