import { erf, erfInverse, median, RingBuffer } from './robust-stats';

/**
 * A streaming anomaly detector for one series (host metric, monitor latency, alert rate) that
 * needs no per-series setting: it learns the sampling step and a daily profile as the points
 * arrive, and scores each point by how far it falls from what the series made expected, in units
 * of a robust scale (the median absolute deviation of recent residuals).
 *
 * Three models run side by side: a level that follows the series (right for series with no
 * regular shape, or one slow enough to follow), and the daily profile with a quick or a slow
 * level (right for series that repeat every day, such as a nightly job). A point is as unusual
 * as the model that explains it best says, among those that fit about as well as the best one.
 * No model learns from a point it found anomalous beyond a clipped share, so a spike does not
 * widen the band; a change that lasts (a level shift) is flagged at its start, then becomes the
 * new level. Weekly changes (lower weekends) are the levels' to follow.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Daily profile resolution: at most 288 slots (5 minutes each). */
const MAX_DAILY_SLOTS = 288;
/** Residuals kept for the robust scale. */
const WINDOW = 256;
/** Residuals needed before any point is scored. */
const WARM_UP = 16;
/** Residuals are clipped at this many scales when they update a model (Huber). */
const CLIP = 3;
/** …and this many when they teach the daily profile. */
const SEASONAL_CLIP = 10;
/** A run of anomalies on one side lasting this long (in time) is a new level, not a spike. */
const SHIFT_AFTER_MS = 30 * MINUTE_MS;
/** …and never fewer points than this. */
const SHIFT_AFTER_POINTS = 4;
/** Score = erf(z / SCORE_SCALE): a score of 0.95 is a robust z of about 5. */
const SCORE_SCALE = 3.6;
/** Fraction of the level magnitude below which a scale is taken as zero (flat series). */
const RELATIVE_FLOOR = 1e-9;

export const DEFAULT_ANOMALY_THRESHOLD = 0.95;

export interface AnomalyDetectorOptions {
  /** Score (0–1, exclusive) above which a point is anomalous: `ANOMALY_THRESHOLD`. */
  threshold?: number;
}

export interface ScoredPoint {
  /** Epoch milliseconds, as given. */
  at: number;
  value: number;
  /** 0 (as expected) to 1 (far outside anything seen). 0 while the detector warms up. */
  score: number;
  anomalous: boolean;
  /** The value the series made expected, and the band outside of which a point is anomalous. */
  expected: number | null;
  lower: number | null;
  upper: number | null;
}

interface Verdict {
  residual: number;
  baseline: number;
  center: number;
  scale: number;
  ready: boolean;
}

/** One of the competing models: a level (and optionally the daily profile) with its residuals. */
class ResidualModel {
  level: number | null = null;
  private seen = 0;
  readonly residuals = new RingBuffer(WINDOW);
  private readonly scratch = new Float64Array(WINDOW);
  private center = 0;
  private scale = 0;
  /** Mean squared residual over about the last day (series' units), for choosing a model. */
  spread = Number.POSITIVE_INFINITY;

  private daily: Float64Array | null = null;
  private dailyCounts: Uint32Array | null = null;
  /** Sum of the slots' means and how many slots have one: their mean is the day's mean. */
  private slotSum = 0;
  private slotsSeen = 0;
  private seasonalSince: number | null = null;

  constructor(
    private readonly levelRate: number,
    private readonly seasonal: boolean,
  ) {}

  /** Starts the seasonal terms once the step is known (below a quarter of a day). */
  configure(stepMs: number, at: number): void {
    if (!this.seasonal || this.daily || stepMs <= 0 || stepMs > DAY_MS / 4) return;
    const slots = Math.max(4, Math.min(MAX_DAILY_SLOTS, Math.round(DAY_MS / stepMs)));
    this.daily = new Float64Array(slots);
    this.dailyCounts = new Uint32Array(slots);
    this.seasonalSince = at;
  }

  /** Whether the seasonal terms have seen a whole day (before that they only add noise). */
  private seasonalReady(at: number): boolean {
    return this.seasonalSince !== null && at - this.seasonalSince >= DAY_MS;
  }

  private slot(at: number): number {
    const slots = this.daily?.length ?? 1;
    const phase = (((at % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS;
    return Math.min(slots - 1, Math.floor(phase * slots));
  }

  /** The slot's mean less the day's mean (classical decomposition, learned as days go by). */
  private seasonalTerm(at: number): number {
    if (!this.daily || !this.seasonalReady(at) || this.slotsSeen === 0) return 0;
    return (this.daily[this.slot(at)] as number) - this.slotSum / this.slotsSeen;
  }

  /** The model's view of a new point, before it learns from it. */
  assess(at: number, value: number): Verdict {
    if (this.level === null) {
      return { residual: 0, baseline: value, center: 0, scale: 0, ready: false };
    }
    const baseline = this.level + this.seasonalTerm(at);
    return {
      residual: value - baseline,
      baseline,
      center: this.center,
      scale: this.scale,
      ready: this.residuals.length >= WARM_UP,
    };
  }

  /** Learns from the point; `anomalous` points only move the model by a clipped amount. */
  learn(at: number, value: number, verdict: Verdict, pointsPerDay: number): void {
    if (this.level === null) {
      this.level = value;
      this.seen = 1;
      return;
    }
    const { residual, scale } = verdict;
    // Nothing is clipped until the scale means something (clipping at a zero scale would make
    // every residual equal, and the scale would never grow again).
    const bound = verdict.ready && scale > 0 ? CLIP * scale : Number.POSITIVE_INFINITY;
    const clipped = Math.max(-bound, Math.min(bound, residual - this.center)) + this.center;
    // Warm start: the mean of the points so far until the rate is the smaller one.
    this.seen += 1;
    this.level += Math.max(this.levelRate, 1 / this.seen) * clipped;

    if (this.daily && this.dailyCounts) {
      // Each slot of the day keeps the mean of its values (days weighted down by 0.7 each);
      // the profile is a slot's mean less the mean of all slots, so it does not move with the
      // level within the day. Weekly changes (weekends) are the level's to follow.
      const slot = this.slot(at);
      const seen = (this.dailyCounts[slot] = (this.dailyCounts[slot] as number) + 1);
      const old = this.daily[slot] as number;
      let next = value;
      if (seen > 1) {
        // A wider clip than the level's: what comes back at the same time every day (a
        // nightly job) is learned within days, while a single spike moves its slot a little.
        const wide = Number.isFinite(bound) ? SEASONAL_CLIP * (bound / CLIP) : bound;
        next = old + Math.max(0.3, 1 / seen) * Math.max(-wide, Math.min(wide, value - old));
        this.slotSum += next - old;
      } else {
        this.slotSum += value;
        this.slotsSeen += 1;
      }
      this.daily[slot] = next;
    }

    // What the scale learns: the residual as it was, or clipped when it was far out.
    this.residuals.push(clipped);
    const n = this.residuals.length;
    const raw = this.residuals.raw();
    this.center = median(raw, n, this.scratch);
    for (let i = 0; i < n; i++) this.scratch[i] = Math.abs((raw[i] as number) - this.center);
    const mad = median(this.scratch, n, this.scratch);
    let meanAbs = 0;
    for (let i = 0; i < n; i++) meanAbs += Math.abs((raw[i] as number) - this.center);
    meanAbs /= n;
    // Quantised series (counts) often have a MAD of 0: the mean deviation stands in for it.
    const floor = RELATIVE_FLOOR * Math.max(1, Math.abs(this.level));
    this.scale = Math.max(1.4826 * mad, 1.2533 * meanAbs * 0.5, floor);
    if (verdict.ready) {
      // Squared, and over a day: a model that misses a nightly job twice a day loses to one that
      // learned it, even if both fit the rest of the day as well.
      const off = Math.min((residual - verdict.center) ** 2, (10 * Math.max(scale, floor)) ** 2);
      const rate = Math.max(1 / Math.max(1, pointsPerDay), 0.002);
      this.spread = Number.isFinite(this.spread) ? this.spread + rate * (off - this.spread) : off;
    }
  }

  /** Moves the level by `by` (a level shift taken as the new normal). */
  shift(by: number): void {
    if (this.level !== null) this.level += by;
  }
}

export class StreamingAnomalyDetector {
  private readonly threshold: number;
  private readonly bandZ: number;
  /**
   * A level that follows the series; the daily profile with a quick level (weekends, slow
   * drifts) or a slow one. Each keeps its mean squared residual over about a day; the models
   * within 1.25× the best of them decide a point's score together (the smallest z).
   */
  private readonly models = [
    new ResidualModel(0.2, false),
    new ResidualModel(0.1, true),
    new ResidualModel(0.01, true),
  ];
  private readonly steps = new RingBuffer(64);
  private readonly stepScratch = new Float64Array(64);
  private step = 0;
  private lastAt: number | null = null;
  private run: { sign: number; since: number; points: number; gaps: number[][] } | null = null;

  constructor(options: AnomalyDetectorOptions = {}) {
    const threshold = options.threshold ?? DEFAULT_ANOMALY_THRESHOLD;
    if (!(threshold > 0 && threshold < 1)) {
      throw new RangeError('threshold must be between 0 and 1 (exclusive)');
    }
    this.threshold = threshold;
    this.bandZ = SCORE_SCALE * erfInverse(threshold);
  }

  /** Scores one point (points must come in time order) and learns from it. */
  push(at: number, value: number): ScoredPoint {
    if (this.lastAt !== null && at > this.lastAt) {
      this.steps.push(at - this.lastAt);
      this.step = median(this.steps.raw(), this.steps.length, this.stepScratch);
      if (this.steps.length >= 8) for (const model of this.models) model.configure(this.step, at);
    }
    this.lastAt = at;

    const verdicts = this.models.map((model) => model.assess(at, value));
    // The models that fit about as well as the best one; a point is as unusual as the one of
    // them that explains it best says (a nightly job the seasonal models learned is not an
    // anomaly because the plain level did not expect it).
    const ready = this.models.filter((_, i) => (verdicts[i] as Verdict).ready);
    const bestSpread = Math.min(...ready.map((m) => m.spread));
    let z = Number.POSITIVE_INFINITY;
    let best: { verdict: Verdict; scale: number } | null = null;
    this.models.forEach((model, i) => {
      const verdict = verdicts[i] as Verdict;
      if (!verdict.ready || !(model.spread <= 1.25 * bestSpread)) return;
      const floor = RELATIVE_FLOOR * Math.max(1, Math.abs(verdict.baseline));
      const scale = Math.max(verdict.scale, floor);
      z = Math.min(z, Math.abs(verdict.residual - verdict.center) / scale);
      // The band drawn is the best-fitting model's (not the one closest to this very point).
      if (model.spread === bestSpread || best === null) best = { verdict, scale };
    });

    let score = 0;
    let expected: number | null = null;
    let lower: number | null = null;
    let upper: number | null = null;
    const shown = best as { verdict: Verdict; scale: number } | null;
    if (shown && Number.isFinite(z)) {
      score = erf(z / SCORE_SCALE);
      expected = shown.verdict.baseline + shown.verdict.center;
      lower = expected - this.bandZ * shown.scale;
      upper = expected + this.bandZ * shown.scale;
    }
    const anomalous = Number.isFinite(z) && score > this.threshold;

    const pointsPerDay = this.step > 0 ? DAY_MS / this.step : 0;
    this.models.forEach((model, i) => model.learn(at, value, verdicts[i] as Verdict, pointsPerDay));
    this.trackShift(at, value, anomalous, shown?.verdict ?? (verdicts[0] as Verdict));

    return { at, value, score, anomalous, expected, lower, upper };
  }

  /**
   * A run of anomalies on one side that lasts is a level shift: each model moves its level to
   * where the run's last points are (what it still misses after learning from them).
   */
  private trackShift(at: number, value: number, anomalous: boolean, verdict: Verdict): void {
    const sign = Math.sign(verdict.residual - verdict.center);
    if (!anomalous || sign === 0) {
      this.run = null;
      return;
    }
    if (!this.run || this.run.sign !== sign) {
      this.run = { sign, since: at, points: 0, gaps: this.models.map(() => []) };
    }
    const run = this.run;
    run.points++;
    run.gaps = this.models.map((model, i) => {
      const after = model.assess(at, value);
      return [...(run.gaps[i] ?? []).slice(-2), after.residual - after.center];
    });
    const longEnough =
      run.points >= SHIFT_AFTER_POINTS &&
      (at - run.since >= SHIFT_AFTER_MS || this.step * run.points >= SHIFT_AFTER_MS);
    if (longEnough) {
      this.models.forEach((model, i) => model.shift(median(run.gaps[i] ?? [])));
      this.run = null;
    }
  }
}

export interface SeriesPoint {
  at: number;
  value: number;
}

/** Scores a whole series in order, as a stream would see it (each point before learning it). */
export function scoreSeries(points: readonly SeriesPoint[], options: AnomalyDetectorOptions = {}) {
  const detector = new StreamingAnomalyDetector(options);
  return points.map((p) => detector.push(p.at, p.value));
}
