import { RequirePermissions } from '@hyperion/api/core';
import type { IncidentStats } from '@hyperion/contracts';
import { INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { IncidentStatsQueryDto } from '../dto/records.dto';
import { IncidentStatsService } from './stats.service';

/** `GET /api/v1/incidents/stats` (static: registered before IncidentController's `/:id`). */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller({ path: 'incidents', version: '1' })
export class IncidentStatsController {
  constructor(private readonly service: IncidentStatsService) {}

  /** MTTA / MTTR of the incidents reported in [from, to) (default: the last 12 months). */
  @Get('stats')
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  stats(@Query() query: IncidentStatsQueryDto): Promise<IncidentStats> {
    return this.service.stats(query);
  }
}
