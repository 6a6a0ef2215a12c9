import { RequirePermissions } from '@hyperion/api/core';
import type { DeliverySummary } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS } from '@hyperion/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { DeliveryListQueryDto } from '../dto/notification-channel.dto';
import { NotificationDeliveryService } from './notification-delivery.service';

/** `GET /api/v1/notification-deliveries` (NOTIFICATION_CHANNEL_ROUTES.deliveries). */
@ApiTags('notification-channels')
@ApiBearerAuth()
@Controller({ path: 'notification-deliveries', version: '1' })
export class NotificationDeliveriesController {
  constructor(private readonly deliveries: NotificationDeliveryService) {}

  /** Newest first, each with its attempts. */
  @Get()
  @RequirePermissions(NOTIFICATION_CHANNEL_PERMISSIONS.read)
  list(@Query() query: DeliveryListQueryDto): Promise<DeliverySummary[]> {
    return this.deliveries.list(query);
  }
}
