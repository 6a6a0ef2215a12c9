import { Public } from '@hyperion/api/core';
import {
  Controller,
  Get,
  Headers,
  Res,
  UnauthorizedException,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { MetricsAccess } from './metrics-access';
import { MetricsRegistry } from './metrics-registry';

/**
 * `GET /metrics`, outside the /api prefix, for Prometheus. Public for the session guard: it
 * takes its own bearer token (MetricsAccess), not a user's.
 */
@ApiTags('metrics')
@ApiBearerAuth()
@Public()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(
    private readonly access: MetricsAccess,
    private readonly registry: MetricsRegistry,
  ) {}

  @Get()
  @ApiOkResponse({ description: "Prometheus' text exposition format" })
  @ApiUnauthorizedResponse({ description: 'No bearer token, or not the metrics token' })
  @ApiNotFoundResponse({ description: 'Metrics are disabled (METRICS_ENABLED=false)' })
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    try {
      this.access.check(authorization);
    } catch (error) {
      if (error instanceof UnauthorizedException) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      }
      throw error;
    }
    res.setHeader('Content-Type', this.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return this.registry.text();
  }
}
