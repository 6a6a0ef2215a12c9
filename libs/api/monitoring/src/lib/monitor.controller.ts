import { RequirePermissions } from '@hyperion/api/core';
import type {
  MonitorDay,
  MonitorListResponse,
  MonitorResult,
  MonitorSummary,
  MonitorUptime,
} from '@hyperion/contracts';
import { MONITOR_PERMISSIONS } from '@hyperion/contracts';
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
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import {
  CreateMonitorDto,
  MonitorListQueryDto,
  MonitorResultsQueryDto,
  UpdateMonitorDto,
} from './dto/monitor.dto';
import { MonitorService } from './monitor.service';

/** `/api/v1/monitors` (MONITOR_ROUTES): parse, authorise, delegate. */
@ApiTags('monitors')
@ApiBearerAuth()
@Controller({ path: 'monitors', version: '1' })
export class MonitorController {
  constructor(private readonly service: MonitorService) {}

  @Get()
  @RequirePermissions(MONITOR_PERMISSIONS.read)
  list(@Query() query: MonitorListQueryDto): Promise<MonitorListResponse> {
    return this.service.list(query);
  }

  @Get(':id')
  @RequirePermissions(MONITOR_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<MonitorSummary> {
    return this.service.get(id);
  }

  @Get(':id/results')
  @RequirePermissions(MONITOR_PERMISSIONS.read)
  results(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: MonitorResultsQueryDto,
  ): Promise<MonitorResult[]> {
    return this.service.results(id, query.limit);
  }

  @Get(':id/uptime')
  @RequirePermissions(MONITOR_PERMISSIONS.read)
  uptime(@Param('id', new ParseUUIDPipe()) id: string): Promise<MonitorUptime> {
    return this.service.uptime(id);
  }

  @Get(':id/days')
  @RequirePermissions(MONITOR_PERMISSIONS.read)
  days(@Param('id', new ParseUUIDPipe()) id: string): Promise<MonitorDay[]> {
    return this.service.days(id);
  }

  /** Checks now and answers the monitor with the verdict (409 while a check of it runs). */
  @Post(':id/check')
  @HttpCode(200)
  @RequirePermissions(MONITOR_PERMISSIONS.write)
  check(@Param('id', new ParseUUIDPipe()) id: string): Promise<MonitorSummary> {
    return this.service.checkNow(id);
  }

  @Post()
  @RequirePermissions(MONITOR_PERMISSIONS.write)
  create(@Body() dto: CreateMonitorDto): Promise<MonitorSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(MONITOR_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateMonitorDto,
  ): Promise<MonitorSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(MONITOR_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }
}
