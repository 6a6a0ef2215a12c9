import { RequirePermissions } from '@hyperion/api/core';
import type { EscalationPolicySummary } from '@hyperion/contracts';
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

import { CreateEscalationPolicyDto, UpdateEscalationPolicyDto } from './dto/escalation-policy.dto';
import { EscalationPolicyService } from './escalation-policy.service';

/** `/api/v1/alerts/escalation-policies` (ALERT_ROUTES): parse, authorise, delegate. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller({ path: 'alerts/escalation-policies', version: '1' })
export class EscalationPolicyController {
  constructor(private readonly service: EscalationPolicyService) {}

  /** The default first (created from the procedures when the organisation has none). */
  @Get()
  @RequirePermissions(ALERT_PERMISSIONS.read)
  list(): Promise<EscalationPolicySummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions(ALERT_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<EscalationPolicySummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(ALERT_PERMISSIONS.write)
  create(@Body() dto: CreateEscalationPolicyDto): Promise<EscalationPolicySummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(ALERT_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateEscalationPolicyDto,
  ): Promise<EscalationPolicySummary> {
    return this.service.update(id, dto);
  }

  /** 409 for the default policy. */
  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(ALERT_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }
}
