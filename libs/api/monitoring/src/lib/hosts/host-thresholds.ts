/** The conditions a host's thresholds watch (each its own alert: `host:<id>:<condition>`). */
export const THRESHOLD_CONDITIONS = ['cpu', 'memory', 'disk'] as const;
export type ThresholdCondition = (typeof THRESHOLD_CONDITIONS)[number];

/** Where one condition stands: above its limit since when (ISO), and whether it alerted. */
export interface ConditionStanding {
  since: string | null;
  raised: boolean;
}
export type ThresholdState = Partial<Record<ThresholdCondition, ConditionStanding>>;

/** The limits, in percent (null: off), and how long a figure must stay above one. */
export interface ThresholdLimits {
  cpu: number | null;
  memory: number | null;
  disk: number | null;
  forSeconds: number;
}

/** A sample's figures (disk: the fullest file system, null without any). */
export type ThresholdReading = Record<ThresholdCondition, number | null>;

/** An alert to raise or resolve. */
export interface ThresholdChange {
  condition: ThresholdCondition;
  action: 'trigger' | 'resolve';
  /** The figure that decided it (null when it is not known: the limit was turned off, the host failed). */
  value: number | null;
  limit: number | null;
}

/** The stored state (jsonb) read defensively: anything unexpected counts as "nothing seen". */
export function readThresholdState(value: unknown): ThresholdState {
  const state: ThresholdState = {};
  if (typeof value !== 'object' || value === null) return state;
  for (const condition of THRESHOLD_CONDITIONS) {
    const s = (value as Record<string, unknown>)[condition] as
      | Partial<ConditionStanding>
      | undefined;
    if (!s || typeof s !== 'object') continue;
    state[condition] = {
      since: typeof s.since === 'string' ? s.since : null,
      raised: s.raised === true,
    };
  }
  return state;
}

/**
 * Folds one sample into the thresholds' state. A figure above its limit starts (or continues) a
 * run; once the run has lasted `forSeconds`, the condition is raised, once. A sample at or below
 * the limit ends the run (a flapping figure never raises) and resolves a raised condition. A
 * limit turned off resolves what it had raised. `reading` null (the host did not answer): runs
 * that have not raised start over, raised conditions stay raised until a sample says otherwise.
 */
export function foldThresholds(
  state: ThresholdState,
  limits: ThresholdLimits,
  reading: ThresholdReading | null,
  at: Date,
): { state: ThresholdState; changes: ThresholdChange[] } {
  const next: ThresholdState = {};
  const changes: ThresholdChange[] = [];
  for (const condition of THRESHOLD_CONDITIONS) {
    const before = state[condition] ?? { since: null, raised: false };
    const limit = limits[condition];
    if (!reading) {
      next[condition] = before.raised ? before : { since: null, raised: false };
      continue;
    }
    const value = reading[condition];
    if (limit === null || value === null || value <= limit) {
      if (before.raised) changes.push({ condition, action: 'resolve', value, limit });
      next[condition] = { since: null, raised: false };
      continue;
    }
    const since = before.since ?? at.toISOString();
    const lasted = at.getTime() - Date.parse(since);
    const raise = !before.raised && lasted >= limits.forSeconds * 1000;
    if (raise) changes.push({ condition, action: 'trigger', value, limit });
    next[condition] = { since, raised: before.raised || raise };
  }
  return { state: next, changes };
}
