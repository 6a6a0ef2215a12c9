import { RequirePermissions } from '@hyperion/api/core';
import type {
  StatusPageDetail,
  StatusPageSubscriberList,
  StatusPageSummary,
} from '@hyperion/contracts';
import { STATUS_PAGE_PERMISSIONS } from '@hyperion/contracts';
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
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import {
  CreateStatusPageDto,
  ReplaceStatusPageComponentsDto,
  UpdateStatusPageDto,
} from './dto/status-page.dto';
import { StatusPageService } from './status-page.service';
import { StatusSubscriptions } from './status/status-subscriptions.service';

/**
 * `/api/v1/status-pages` (STATUS_PAGE_ROUTES): pages, their components and their subscribers.
 * Parse, authorise, delegate.
 */
@ApiTags('status-pages')
@ApiBearerAuth()
@Controller({ path: 'status-pages', version: '1' })
export class StatusPageController {
  constructor(
    private readonly service: StatusPageService,
    private readonly subscriptions: StatusSubscriptions,
  ) {}

  @Get()
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.read)
  list(): Promise<StatusPageSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<StatusPageDetail> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  create(@Body() dto: CreateStatusPageDto): Promise<StatusPageDetail> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateStatusPageDto,
  ): Promise<StatusPageDetail> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }

  @Put(':id/components')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  replaceComponents(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReplaceStatusPageComponentsDto,
  ): Promise<StatusPageDetail> {
    return this.service.replaceComponents(id, dto);
  }

  @Get(':id/subscribers')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.read)
  subscribers(@Param('id', new ParseUUIDPipe()) id: string): Promise<StatusPageSubscriberList> {
    return this.subscriptions.list(id);
  }

  @Delete(':id/subscribers/:subscriberId')
  @HttpCode(204)
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  deleteSubscriber(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('subscriberId', new ParseUUIDPipe()) subscriberId: string,
  ): Promise<void> {
    return this.subscriptions.delete(id, subscriberId);
  }
}
