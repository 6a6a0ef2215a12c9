import type { DomainDefinition } from '@hyperion/api/core';

import { NotificationChannelEntity } from './entities/notification-channel.entity';
import { NotificationDeliveryAttemptEntity } from './entities/notification-delivery-attempt.entity';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { NotificationChannel1795341691787 } from './migrations/1795341691787-notification-channel';
import { NotificationChannelModule } from './notification-channel.module';

/** What apps/api registers of this domain (one line in DOMAINS) and the specs migrate. */
export const NotificationChannelDomain: DomainDefinition = {
  name: 'notification-channel',
  module: NotificationChannelModule,
  entities: [
    NotificationChannelEntity,
    NotificationDeliveryEntity,
    NotificationDeliveryAttemptEntity,
  ],
  migrations: [NotificationChannel1795341691787],
};
