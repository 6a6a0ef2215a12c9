import { Public, RequirePermissions } from '@hyperion/api/core';
import type { DependencyHealthReport, HealthReport, HealthTransition } from '@hyperion/contracts';
import { Controller, Get, Query, Res, VERSION_NEUTRAL } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { HistoryQueryDto } from './dto/history-query.dto';
import { HealthMonitor } from './health-monitor.service';
import { HealthService } from './health.service';
import { HealthHistoryRepository } from './history/health-history.repository';

const httpStatus = (r: { status: string }) => (r.status === 'healthy' ? 200 : 503);

/** `/health`, outside the /api prefix, for load balancers, Docker and uptime checkers. */
@ApiTags('health')
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly monitor: HealthMonitor,
    private readonly health: HealthService,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Every dependency is healthy' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is unhealthy' })
  async all(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.monitor.check();
    res.status(httpStatus(report));
    return report;
  }

  @Get('database')
  async database(@Res({ passthrough: true }) res: Response): Promise<DependencyHealthReport> {
    const report = await this.health.dependency('database');
    res.status(httpStatus(report));
    return report;
  }

  @Get('redis')
  async redis(@Res({ passthrough: true }) res: Response): Promise<DependencyHealthReport> {
    const report = await this.health.dependency('redis');
    res.status(httpStatus(report));
    return report;
  }
}

/** The same report inside the versioned API, plus the history of state changes. */
@ApiTags('admin')
@ApiBearerAuth()
@RequirePermissions('monitoring:read')
@Controller({ path: 'admin/health', version: '1' })
export class AdminHealthController {
  constructor(
    private readonly monitor: HealthMonitor,
    private readonly transitions: HealthHistoryRepository,
  ) {}

  @Get()
  async all(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.monitor.check();
    res.status(httpStatus(report));
    return report;
  }

  @Get('history')
  history(@Query() query: HistoryQueryDto): Promise<HealthTransition[]> {
    return this.transitions.latest(query.limit ?? 50);
  }
}
