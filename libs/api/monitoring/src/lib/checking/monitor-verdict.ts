import type { MonitorState } from '@hyperion/contracts';

/** What a monitor is before a check (its stored state). */
export interface MonitorStanding {
  state: MonitorState;
  /** Failed checks in a row so far. */
  failures: number;
  /** Failed checks in a row tolerated before DOWN. */
  retries: number;
}

/** A check's consequence: the new standing, and the alert to raise or resolve, if any. */
export interface Verdict {
  state: MonitorState;
  failures: number;
  /** `down`: the monitor just went DOWN (raise); `up`: it came back from DOWN (resolve). */
  transition: 'down' | 'up' | null;
}

/**
 * Folds one check into a monitor's standing. A failure counts; the monitor is DOWN once more
 * than `retries` checks failed in a row, and says so once (the transition), however long it
 * stays down. A success clears the count; coming back from DOWN is the UP transition. Before the
 * first verdict a monitor is pending: failing checks within the retries keep it pending.
 */
export function foldCheck(standing: MonitorStanding, up: boolean): Verdict {
  if (up) {
    return { state: 'up', failures: 0, transition: standing.state === 'down' ? 'up' : null };
  }
  const failures = standing.failures + 1;
  if (failures <= standing.retries) {
    const state = standing.state === 'down' ? 'down' : standing.state === 'up' ? 'up' : 'pending';
    return { state, failures, transition: null };
  }
  return { state: 'down', failures, transition: standing.state === 'down' ? null : 'down' };
}

/** How slow a monitor is before a check (its stored standing). */
export interface SlowStanding {
  /** Slow UP checks in a row so far. */
  slowChecks: number;
  /** Slow for more than `retries` checks in a row (its warning alert is open). */
  slow: boolean;
  /** Slow checks in a row tolerated before it is slow: the same retries as DOWN. */
  retries: number;
  /** Null: off. */
  responseTimeThresholdMs: number | null;
}

/** A check's consequence for the response time: the new standing, and the alert, if any. */
export interface SlowVerdict {
  slowChecks: number;
  slow: boolean;
  /** `slow`: it just became slow (raise); `fast`: it stopped being slow (resolve). */
  transition: 'slow' | 'fast' | null;
}

/**
 * Folds one check into a monitor's response-time standing, as `foldCheck` folds it into its
 * state. An UP check slower than the threshold counts; once more than `retries` count in a row
 * the monitor is slow, and says so once. An UP check at or under the threshold clears the
 * count; if the monitor was slow, that is the `fast` transition. A failed check clears the count
 * but leaves a slow monitor slow: it is DOWN now, and the DOWN alert speaks for it; only a
 * check that answers in time says it is fast again. Without a threshold (switched off) nothing
 * counts, and a monitor still slow is resolved at its next check, whatever its outcome. An UP
 * check that measured no latency tells nothing about speed: the standing stays as it is.
 */
export function foldSlow(
  standing: SlowStanding,
  check: { up: boolean; latencyMs: number | null },
): SlowVerdict {
  const threshold = standing.responseTimeThresholdMs;
  if (threshold === null) {
    return { slowChecks: 0, slow: false, transition: standing.slow ? 'fast' : null };
  }
  if (!check.up) return { slowChecks: 0, slow: standing.slow, transition: null };
  if (check.latencyMs === null) {
    return { slowChecks: standing.slowChecks, slow: standing.slow, transition: null };
  }
  if (check.latencyMs <= threshold) {
    return { slowChecks: 0, slow: false, transition: standing.slow ? 'fast' : null };
  }
  const slowChecks = standing.slowChecks + 1;
  if (standing.slow) return { slowChecks, slow: true, transition: null };
  const slow = slowChecks > standing.retries;
  return { slowChecks, slow, transition: slow ? 'slow' : null };
}
