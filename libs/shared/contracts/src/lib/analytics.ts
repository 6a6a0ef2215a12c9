/** Analytics (issue 13): anomaly scoring of a series given in the request. */

export const ANALYTICS_ROUTES = {
  anomalyScore: '/api/v1/analytics/anomalies/score',
} as const;

export const ANOMALY_SCORE_RULES = {
  /** Points scored in one request. */
  pointsMax: 50_000,
  /** The request body this route accepts (BODY_LIMIT when that is larger): 8 MiB. */
  bodyLimitBytes: 8 * 1024 * 1024,
} as const;

/** One point: `at` (or `timestamp`) as ISO 8601 or epoch milliseconds (seconds below 1e11). */
export interface AnomalyScorePointRequest {
  at?: string | number;
  timestamp?: string | number;
  value: number;
}

/**
 * A series in time order, as a stream would see it: either `points`, or `timestamps` and
 * `values` of the same length. `threshold` overrides ANOMALY_THRESHOLD for this request.
 */
export interface AnomalyScoreRequest {
  points?: AnomalyScorePointRequest[];
  timestamps?: (string | number)[];
  values?: number[];
  threshold?: number;
}

export interface ScoredAnomalyPoint {
  /** ISO 8601, UTC. */
  at: string;
  value: number;
  /** 0 (as expected) to 1; 0 while the detector warms up (its first 16 or so points). */
  score: number;
  anomalous: boolean;
  label: 'anomaly' | 'normal';
  /** What the series made expected, and the band outside of which a point is anomalous. */
  expected: number | null;
  lower: number | null;
  upper: number | null;
}

export interface AnomalyScoreResult {
  threshold: number;
  /** How many points are anomalous. */
  anomalies: number;
  points: ScoredAnomalyPoint[];
}
