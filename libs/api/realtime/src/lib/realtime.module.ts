import { Global, Module } from '@nestjs/common';

import { OutboxEventDispatcher } from './outbox-event-dispatcher';
import { RealtimePublisher } from './realtime-publisher.service';
import { RealtimeGateway } from './realtime.gateway';

@Global()
@Module({
  providers: [RealtimeGateway, RealtimePublisher, OutboxEventDispatcher],
  exports: [RealtimePublisher],
})
export class RealtimeModule {}
