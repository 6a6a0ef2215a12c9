import { Global, Module } from '@nestjs/common';

import { RealtimePublisher } from './realtime-publisher.service';
import { RealtimeGateway } from './realtime.gateway';

@Global()
@Module({
  providers: [RealtimeGateway, RealtimePublisher],
  exports: [RealtimePublisher],
})
export class RealtimeModule {}
