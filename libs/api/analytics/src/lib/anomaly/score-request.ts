import type { AnomalyScoreRequest } from '@hyperion/contracts';
import { ANOMALY_SCORE_RULES } from '@hyperion/contracts';

import type { SeriesPoint } from './streaming-detector';

/** A request that cannot be scored; the message names the field (`points[3].value: …`). */
export class ScoreRequestError extends Error {}

/** Epoch seconds are told from milliseconds by size: 1e11 s is the year 5138, 1e11 ms is 1973. */
const SECONDS_BELOW = 1e11;

function instant(raw: unknown, field: string): number {
  let ms: number;
  if (typeof raw === 'number') {
    ms = Math.abs(raw) < SECONDS_BELOW ? raw * 1000 : raw;
  } else if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) {
    const n = Number(raw.trim());
    ms = Math.abs(n) < SECONDS_BELOW ? n * 1000 : n;
  } else if (typeof raw === 'string' && raw.length <= 40) {
    ms = Date.parse(raw);
  } else {
    throw new ScoreRequestError(`${field}: an ISO 8601 time or epoch milliseconds`);
  }
  // Within what a Date can hold (±8.64e15 ms).
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    throw new ScoreRequestError(`${field}: an ISO 8601 time or epoch milliseconds`);
  }
  return Math.round(ms);
}

function finite(raw: unknown, field: string): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw new ScoreRequestError(`${field}: a finite number`);
  }
  return raw;
}

/**
 * The series of a scoring request, checked point by point: `points` ({at|timestamp, value}) or
 * `timestamps` and `values` of one length, at least one point and at most
 * ANOMALY_SCORE_RULES.pointsMax, in time order (equal times allowed).
 */
export function seriesOf(request: AnomalyScoreRequest): SeriesPoint[] {
  const max = ANOMALY_SCORE_RULES.pointsMax;
  const series: SeriesPoint[] = [];
  if (request.points !== undefined) {
    if (request.timestamps !== undefined || request.values !== undefined) {
      throw new ScoreRequestError('points: give either points, or timestamps and values');
    }
    request.points.forEach((point: unknown, i) => {
      const field = `points[${i}]`;
      if (typeof point !== 'object' || point === null || Array.isArray(point)) {
        throw new ScoreRequestError(`${field}: an object with at (or timestamp) and value`);
      }
      const p = point as Record<string, unknown>;
      const raw = p['at'] ?? p['timestamp'];
      if (raw === undefined) throw new ScoreRequestError(`${field}.at: required`);
      series.push({
        at: instant(raw, `${field}.${p['at'] !== undefined ? 'at' : 'timestamp'}`),
        value: finite(p['value'], `${field}.value`),
      });
    });
  } else if (request.timestamps !== undefined || request.values !== undefined) {
    const timestamps = request.timestamps ?? [];
    const values = request.values ?? [];
    if (timestamps.length !== values.length) {
      throw new ScoreRequestError(
        `values: as many as timestamps (${timestamps.length} timestamps, ${values.length} values)`,
      );
    }
    timestamps.forEach((raw, i) => {
      series.push({
        at: instant(raw, `timestamps[${i}]`),
        value: finite(values[i], `values[${i}]`),
      });
    });
  }
  if (series.length === 0) {
    throw new ScoreRequestError('points: at least one point (or timestamps and values)');
  }
  if (series.length > max) throw new ScoreRequestError(`points: at most ${max} points`);
  for (let i = 1; i < series.length; i++) {
    if ((series[i] as SeriesPoint).at < (series[i - 1] as SeriesPoint).at) {
      const name = request.points !== undefined ? `points[${i}].at` : `timestamps[${i}]`;
      throw new ScoreRequestError(`${name}: earlier than the point before it (give them in order)`);
    }
  }
  return series;
}
