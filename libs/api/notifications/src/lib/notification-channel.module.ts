import { AppConfig } from '@hyperion/api/core';
import { QUEUES } from '@hyperion/contracts';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DeliveryFinished } from './delivery/delivery-finished';
import { NotificationCounters } from './delivery/notification-counters';
import { NotificationDeliveriesController } from './delivery/notification-deliveries.controller';
import { NotificationDeliveryProcessor } from './delivery/notification-delivery.processor';
import { NotificationDeliveryRepository } from './delivery/notification-delivery.repository';
import { NotificationDeliveryService } from './delivery/notification-delivery.service';
import { createTransports } from './delivery/transports';
import { NOTIFICATION_TRANSPORTS } from './delivery/transports/transport';
import { NotificationChannelEntity } from './entities/notification-channel.entity';
import { NotificationDeliveryAttemptEntity } from './entities/notification-delivery-attempt.entity';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { NotificationChannelController } from './notification-channel.controller';
import { NotificationChannelRepository } from './notification-channel.repository';
import { NotificationChannelService } from './notification-channel.service';

/**
 * Notification channels and the delivery pipeline: registered once, in apps/api/src/app/domains.ts
 * (NotificationChannelDomain).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      NotificationChannelEntity,
      NotificationDeliveryEntity,
      NotificationDeliveryAttemptEntity,
    ]),
    BullModule.registerQueue({ name: QUEUES.notificationDelivery }),
  ],
  controllers: [NotificationChannelController, NotificationDeliveriesController],
  providers: [
    NotificationChannelRepository,
    NotificationChannelService,
    NotificationDeliveryRepository,
    NotificationDeliveryService,
    NotificationDeliveryProcessor,
    NotificationCounters,
    DeliveryFinished,
    {
      provide: NOTIFICATION_TRANSPORTS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        createTransports({
          allowedHosts: [...config.notificationAllowedHosts],
          timeoutMs: config.notificationTimeoutMs,
        }),
    },
  ],
  exports: [NotificationChannelService, NotificationDeliveryService, NotificationCounters],
})
export class NotificationChannelModule {}
