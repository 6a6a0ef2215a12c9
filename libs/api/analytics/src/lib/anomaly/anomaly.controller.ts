import { RequirePermissions } from '@hyperion/api/core';
import type { AnomalyScoreResult } from '@hyperion/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { AnomalyScoringService } from './anomaly-scoring.service';
import { AnomalyScoreDto } from './dto/anomaly-score.dto';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller({ path: 'analytics/anomalies', version: '1' })
export class AnomalyController {
  constructor(private readonly scoring: AnomalyScoringService) {}

  /**
   * Scores a series given in the request (in time order, as a stream would see it): a score
   * and a label per point, with the expected value and band. Nothing is stored.
   */
  @Post('score')
  @HttpCode(200)
  @RequirePermissions('monitoring:read')
  score(@Body() dto: AnomalyScoreDto): Promise<AnomalyScoreResult> {
    return this.scoring.score(dto);
  }
}
