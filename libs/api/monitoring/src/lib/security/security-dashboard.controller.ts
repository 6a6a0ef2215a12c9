import { Actor, CurrentActor, RequirePermissions } from '@hyperion/api/core';
import type { SecurityDashboard } from '@hyperion/contracts';
import { SECURITY_DASHBOARD_PERMISSIONS } from '@hyperion/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { SecurityDashboardQueryDto } from './security-dashboard.dto';
import { SecurityDashboardService } from './security-dashboard.service';

/** `/api/v1/security` (SECURITY_DASHBOARD_ROUTES): parse, authorise, delegate. */
@ApiTags('security')
@ApiBearerAuth()
@Controller({ path: 'security', version: '1' })
export class SecurityDashboardController {
  constructor(private readonly service: SecurityDashboardService) {}

  /** The certificates are included only for callers who also hold monitoring:read. */
  @Get('dashboard')
  @RequirePermissions(SECURITY_DASHBOARD_PERMISSIONS.read)
  dashboard(
    @CurrentActor() actor: Actor,
    @Query() query: SecurityDashboardQueryDto,
  ): Promise<SecurityDashboard> {
    return this.service.dashboard(actor, query.range ?? '24h');
  }
}
