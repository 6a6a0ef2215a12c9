import { RequirePermissions } from '@hyperion/api/core';
import type { DeliverySummary } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS } from '@hyperion/contracts';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
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

  /** One delivery with its attempts (404 when it is not one of this organisation's). */
  @Get(':id')
  @RequirePermissions(NOTIFICATION_CHANNEL_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeliverySummary> {
    return this.deliveries.get(id);
  }
}
