import { RequirePermissions } from '@hyperion/api/core';
import type {
  NotificationChannelDetails,
  SendNotificationResponse,
  TestSendResponse,
} from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import {
  CreateNotificationChannelDto,
  SendNotificationDto,
  UpdateNotificationChannelDto,
} from './dto/notification-channel.dto';
import { NotificationChannelService } from './notification-channel.service';

/** `/api/v1/notification-channels` (NOTIFICATION_CHANNEL_ROUTES): parse, authorise, delegate. */
@ApiTags('notification-channels')
@ApiBearerAuth()
@Controller({ path: 'notification-channels', version: '1' })
export class NotificationChannelController {
  constructor(private readonly service: NotificationChannelService) {}

  @Get()
  @RequirePermissions(NOTIFICATION_CHANNEL_PERMISSIONS.read)
  list(): Promise<NotificationChannelDetails[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions(NOTIFICATION_CHANNEL_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<NotificationChannelDetails> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(NOTIFICATION_CHANNEL_PERMISSIONS.write)
  create(@Body() dto: CreateNotificationChannelDto): Promise<NotificationChannelDetails> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(NOTIFICATION_CHANNEL_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateNotificationChannelDto,
  ): Promise<NotificationChannelDetails> {
    return this.service.update(id, dto);
  }

  /** Sends a test message through the channel; answers its delivery once final (or after 15 s). */
  @Post(':id/test')
  @HttpCode(200)
  @RequirePermissions(NOTIFICATION_CHANNEL_PERMISSIONS.write)
  test(@Param('id', new ParseUUIDPipe()) id: string): Promise<TestSendResponse> {
    return this.service.test(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(NOTIFICATION_CHANNEL_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }

  /** 202: the deliveries are queued (their receipts under /notification-deliveries). */
  @Post(':id/send')
  @HttpCode(202)
  @RequirePermissions(NOTIFICATION_CHANNEL_PERMISSIONS.write)
  send(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SendNotificationDto,
  ): Promise<SendNotificationResponse> {
    return this.service.send(id, dto);
  }
}
