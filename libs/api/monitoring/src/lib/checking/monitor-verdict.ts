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
