import { Module } from '@nestjs/common';

import { AnomalyScoringService } from './anomaly/anomaly-scoring.service';
import { AnomalyController } from './anomaly/anomaly.controller';

/** Analytics: for now the anomaly scoring of a series given in the request. */
@Module({
  controllers: [AnomalyController],
  providers: [AnomalyScoringService],
})
export class AnalyticsModule {}
