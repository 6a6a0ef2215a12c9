import { AppConfig } from '@hyperion/api/core';
import type { AnomalyScoreRequest, AnomalyScoreResult } from '@hyperion/contracts';
import { BadRequestException, HttpException, HttpStatus, Injectable } from '@nestjs/common';

import { ScoreRequestError, seriesOf } from './score-request';
import { StreamingAnomalyDetector } from './streaming-detector';

/** Work between two yields to the event loop, in milliseconds (checked every 64 points). */
const SLICE_MS = 10;
/** Scorings running at once on this instance; more are refused with 429. */
const CONCURRENT = 2;

/**
 * Scores a series given in the request with the streaming detector, point by point as a stream
 * would see it. Long series are scored in slices of about 10 ms so other requests (and the
 * health checks) keep being answered.
 */
@Injectable()
export class AnomalyScoringService {
  private running = 0;

  constructor(private readonly config: AppConfig) {}

  async score(request: AnomalyScoreRequest): Promise<AnomalyScoreResult> {
    const threshold = request.threshold ?? this.config.anomalyThreshold;
    if (!(threshold > 0 && threshold < 1)) {
      throw new BadRequestException('threshold: a number between 0 and 1 (exclusive)');
    }
    let series;
    try {
      series = seriesOf(request);
    } catch (error) {
      if (error instanceof ScoreRequestError) throw new BadRequestException(error.message);
      throw error;
    }
    if (this.running >= CONCURRENT) {
      throw new HttpException(
        `Already scoring ${CONCURRENT} series on this instance; try again in a moment`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.running++;
    try {
      const detector = new StreamingAnomalyDetector({ threshold });
      const points: AnomalyScoreResult['points'] = [];
      let anomalies = 0;
      let sliceStart = performance.now();
      for (let i = 0; i < series.length; i++) {
        if ((i & 63) === 63 && performance.now() - sliceStart > SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
        const { at, value } = series[i] as (typeof series)[number];
        const scored = detector.push(at, value);
        if (scored.anomalous) anomalies++;
        points.push({
          at: new Date(at).toISOString(),
          value,
          score: scored.score,
          anomalous: scored.anomalous,
          label: scored.anomalous ? 'anomaly' : 'normal',
          expected: scored.expected,
          lower: scored.lower,
          upper: scored.upper,
        });
      }
      return { threshold, anomalies, points };
    } finally {
      this.running--;
    }
  }
}
