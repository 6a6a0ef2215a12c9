import type { AnomalyScorePointRequest, AnomalyScoreRequest } from '@hyperion/contracts';
import { ANOMALY_SCORE_RULES } from '@hyperion/contracts';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional } from 'class-validator';

const MAX = ANOMALY_SCORE_RULES.pointsMax;

/**
 * The body of POST /api/v1/analytics/anomalies/score. Only the shapes are checked here; each
 * point is checked by `seriesOf`, with messages naming the point (a class per element would cost
 * more than the scoring of 50,000 points).
 */
export class AnomalyScoreDto implements AnomalyScoreRequest {
  /** `{ at, value }` (or `{ timestamp, value }`), in time order. */
  @IsOptional()
  @IsArray({ message: 'points: an array of { at, value }' })
  @ArrayMaxSize(MAX, { message: `points: at most ${MAX} points` })
  points?: AnomalyScorePointRequest[];

  /** With `values`, instead of `points`: ISO 8601 times or epoch milliseconds. */
  @IsOptional()
  @IsArray({ message: 'timestamps: an array of times' })
  @ArrayMaxSize(MAX, { message: `timestamps: at most ${MAX} times` })
  timestamps?: (string | number)[];

  @IsOptional()
  @IsArray({ message: 'values: an array of numbers' })
  @ArrayMaxSize(MAX, { message: `values: at most ${MAX} numbers` })
  values?: number[];

  /** Overrides ANOMALY_THRESHOLD for this request: between 0 and 1 (exclusive). */
  @IsOptional()
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'threshold: a number between 0 and 1 (exclusive)' },
  )
  threshold?: number;
}
