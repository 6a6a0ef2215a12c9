import { RequirePermissions } from '@hyperion/api/core';
import type { RoutingRuleSummary } from '@hyperion/contracts';
import { ALERT_PERMISSIONS } from '@hyperion/contracts';
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

import { CreateRoutingRuleDto, UpdateRoutingRuleDto } from './dto/routing-rule.dto';
import { RoutingRuleService } from './routing-rule.service';

/** `/api/v1/alerts/routing-rules` (ALERT_ROUTES): parse, authorise, delegate. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller({ path: 'alerts/routing-rules', version: '1' })
export class RoutingRuleController {
  constructor(private readonly service: RoutingRuleService) {}

  /** In the order they are tried. */
  @Get()
  @RequirePermissions(ALERT_PERMISSIONS.read)
  list(): Promise<RoutingRuleSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions(ALERT_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RoutingRuleSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(ALERT_PERMISSIONS.write)
  create(@Body() dto: CreateRoutingRuleDto): Promise<RoutingRuleSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(ALERT_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateRoutingRuleDto,
  ): Promise<RoutingRuleSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(ALERT_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }
}
