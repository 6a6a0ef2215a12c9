import { NotificationChannelModule } from '@hyperion/api/notifications';
import { QUEUES } from '@hyperion/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { STATUS_PAGE_ENTITIES } from './entities/status-page.entities';
import { StatusPageController } from './status-page.controller';
import { StatusPageRepository } from './status-page.repository';
import { StatusPageService } from './status-page.service';
import { PublicStatusBuilder } from './status/public-status.builder';
import { PublicStatusController } from './status/public-status.controller';
import { PublicStatusRepository } from './status/public-status.repository';
import { StatusContentController } from './status/status-content.controller';
import { StatusContentRepository } from './status/status-content.repository';
import { StatusContentService } from './status/status-content.service';
import { StatusMailer } from './status/status-mailer';
import { StatusNotifier } from './status/status-notifier';
import { StatusNotifyProcessor } from './status/status-notify.processor';
import { StatusPageCache } from './status/status-page-cache';
import { StatusSubscriberRepository } from './status/status-subscriber.repository';
import { StatusSubscriptions } from './status/status-subscriptions.service';
import { SubscribeLimits } from './status/subscribe-limits';

/**
 * Status pages: their API (pages, components, maintenance, public incident updates,
 * subscribers), the public pages at /status/<slug> with their cache, and the subscribers'
 * emails (the status-pages queue, sent through the notification channels' delivery pipeline).
 * Registered once, in apps/api/src/app/domains.ts (StatusPageDomain), after monitors.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature(STATUS_PAGE_ENTITIES),
    BullModule.registerQueue({ name: QUEUES.statusPages }),
    NotificationChannelModule,
  ],
  controllers: [StatusPageController, StatusContentController, PublicStatusController],
  providers: [
    PublicStatusBuilder,
    PublicStatusRepository,
    StatusContentRepository,
    StatusContentService,
    StatusMailer,
    StatusNotifier,
    StatusNotifyProcessor,
    StatusPageCache,
    StatusPageRepository,
    StatusPageService,
    StatusSubscriberRepository,
    StatusSubscriptions,
    SubscribeLimits,
  ],
  exports: [StatusPageService],
})
export class StatusPageModule {}
