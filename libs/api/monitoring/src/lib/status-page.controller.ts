import { RequirePermissions } from '@hyperion/api/core';
import type { StatusPageSummary } from '@hyperion/contracts';
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
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CreateStatusPageDto, UpdateStatusPageDto } from './dto/status-page.dto';
import { StatusPageService } from './status-page.service';

/** `/api/v1/status-pages` (STATUS_PAGE_ROUTES): parse, authorise, delegate. */
@ApiTags('status-pages')
@ApiBearerAuth()
@Controller({ path: 'status-pages', version: '1' })
export class StatusPageController {
  constructor(private readonly service: StatusPageService) {}

  @Get()
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.read)
  list(): Promise<StatusPageSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<StatusPageSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  create(@Body() dto: CreateStatusPageDto): Promise<StatusPageSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateStatusPageDto,
  ): Promise<StatusPageSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(STATUS_PAGE_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }
}
