import { RequirePermissions } from '@hyperion/api/core';
import type { SilenceSummary } from '@hyperion/contracts';
import { ALERT_PERMISSIONS } from '@hyperion/contracts';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CreateSilenceDto, SilenceListQueryDto } from './dto/silence.dto';
import { SilenceService } from './silence.service';

/** `/api/v1/alerts/silences` (ALERT_ROUTES): parse, authorise, delegate. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller({ path: 'alerts/silences', version: '1' })
export class SilenceController {
  constructor(private readonly service: SilenceService) {}

  /** `?status=active|pending|expired|all`; by default those not yet expired. */
  @Get()
  @RequirePermissions(ALERT_PERMISSIONS.read)
  list(@Query() query: SilenceListQueryDto): Promise<SilenceSummary[]> {
    return this.service.list(query.status);
  }

  @Get(':id')
  @RequirePermissions(ALERT_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<SilenceSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(ALERT_PERMISSIONS.write)
  create(@Body() dto: CreateSilenceDto): Promise<SilenceSummary> {
    return this.service.create(dto);
  }

  /** Expires it now (the row stays, as history) and answers it as it now stands. */
  @Delete(':id')
  @RequirePermissions(ALERT_PERMISSIONS.write)
  expire(@Param('id', new ParseUUIDPipe()) id: string): Promise<SilenceSummary> {
    return this.service.expire(id);
  }
}
