import { Global, Module } from '@nestjs/common';

import { LiveTopics } from './live-topics';
import { OutboxEventDispatcher } from './outbox-event-dispatcher';
import { RealtimePublisher } from './realtime-publisher.service';
import { RealtimeGateway } from './realtime.gateway';

@Global()
@Module({
  providers: [RealtimeGateway, RealtimePublisher, OutboxEventDispatcher, LiveTopics],
  exports: [RealtimePublisher, LiveTopics],
})
export class RealtimeModule {}
