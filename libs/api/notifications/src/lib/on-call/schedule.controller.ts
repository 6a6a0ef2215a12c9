import { RequirePermissions } from '@hyperion/api/core';
import type {
  OnCallNow,
  OnCallShift,
  ScheduleOverride,
  ScheduleSummary,
} from '@hyperion/contracts';
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
  CreateOverrideDto,
  CreateScheduleDto,
  OnCallQueryDto,
  ShiftsQueryDto,
  UpdateScheduleDto,
} from './dto/schedule.dto';
import { ScheduleService } from './schedule.service';

/** `/api/v1/schedules` (ON_CALL_ROUTES): parse, authorise, delegate. */
@ApiTags('schedules')
@ApiBearerAuth()
@Controller({ path: 'schedules', version: '1' })
export class ScheduleController {
  constructor(private readonly service: ScheduleService) {}

  @Get()
  @RequirePermissions('notifications:read')
  list(): Promise<ScheduleSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions('notifications:read')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ScheduleSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions('notifications:write')
  create(@Body() dto: CreateScheduleDto): Promise<ScheduleSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions('notifications:write')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateScheduleDto,
  ): Promise<ScheduleSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('notifications:write')
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }

  /** A new iCal feed token (the old URL stops working); answers the schedule with its new icalUrl. */
  @Post(':id/ical-token')
  @HttpCode(200)
  @RequirePermissions('notifications:write')
  rotateIcalToken(@Param('id', new ParseUUIDPipe()) id: string): Promise<ScheduleSummary> {
    return this.service.rotateIcalToken(id);
  }

  @Get(':id/on-call')
  @RequirePermissions('notifications:read')
  onCall(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: OnCallQueryDto,
  ): Promise<OnCallNow> {
    return this.service.onCall(id, query.at);
  }

  @Get(':id/shifts')
  @RequirePermissions('notifications:read')
  shifts(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ShiftsQueryDto,
  ): Promise<OnCallShift[]> {
    return this.service.shifts(id, query.from, query.to);
  }

  @Post(':id/overrides')
  @RequirePermissions('notifications:write')
  createOverride(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateOverrideDto,
  ): Promise<ScheduleOverride> {
    return this.service.createOverride(id, dto);
  }

  @Delete(':id/overrides/:overrideId')
  @HttpCode(204)
  @RequirePermissions('notifications:write')
  deleteOverride(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('overrideId', new ParseUUIDPipe()) overrideId: string,
  ): Promise<void> {
    return this.service.deleteOverride(id, overrideId);
  }
}
