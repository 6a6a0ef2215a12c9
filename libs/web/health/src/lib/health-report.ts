import { DependencyState, HealthReport } from '@hyperion/contracts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isState(value: unknown): value is DependencyState {
  return value === 'OK' || value === 'ERROR';
}

/**
 * Whether a response body has the shape of a `HealthReport` (used for the 503 body, and to tell
 * a real report from e.g. an HTML error page of a proxy).
 */
export function isHealthReport(value: unknown): value is HealthReport {
  return (
    isRecord(value) &&
    (value['status'] === 'healthy' || value['status'] === 'unhealthy') &&
    isState(value['api']) &&
    isState(value['database']) &&
    isState(value['redis']) &&
    isRecord(value['disk']) &&
    isRecord(value['memory']) &&
    typeof value['timestamp'] === 'string'
  );
}

/**
 * Whether `candidate` may replace `current`: an HTTP answer and a socket push can cross, and the
 * older of the two must not overwrite the newer one.
 */
export function isNotOlder(candidate: HealthReport, current: HealthReport | null): boolean {
  if (current === null) {
    return true;
  }
  const candidateTime = Date.parse(candidate.timestamp);
  const currentTime = Date.parse(current.timestamp);
  return Number.isNaN(candidateTime) || Number.isNaN(currentTime) || candidateTime >= currentTime;
}
