import { QUEUES } from '@hyperion/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { NotificationChannelModule } from '../notification-channel.module';
import { OnCallModule } from '../on-call/on-call.module';
import { PageStepEntity } from './entities/page-step.entity';
import { PageEntity } from './entities/page.entity';
import { PageStepProcessor } from './page-step.processor';
import { PageController } from './page.controller';
import { PageRepository } from './page.repository';
import { PageService } from './page.service';
import { TargetNotifier } from './target-notifier';

/** Pages and their steps (registered as PagingDomain). */
@Module({
  imports: [
    TypeOrmModule.forFeature([PageEntity, PageStepEntity]),
    BullModule.registerQueue({ name: QUEUES.notificationPages }),
    NotificationChannelModule,
    OnCallModule,
  ],
  controllers: [PageController],
  providers: [PageRepository, PageService, PageStepProcessor, TargetNotifier],
  exports: [PageService, TargetNotifier],
})
export class PagingModule {}
