// Anomaly detection (issue 13, done-means 5): generated seasonal series with known injected
// anomalies (spikes, level shifts and trend changes), scored by Hyperion's streaming detector
// (libs/api/analytics, bundled here with esbuild), by a static threshold and by a windowed
// z-score, with the same event-based precision, recall and F1. No per-series parameter anywhere.
//
//   node bench/analytics.mjs            # SERIES=24 DAYS=28 SEED=7 THRESHOLD=0.95
//
// Prints one JSON object; the last lines are a table for the README.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERIES = Number(process.env.SERIES ?? 24);
const DAYS = Number(process.env.DAYS ?? 28);
const SEED = Number(process.env.SEED ?? 7);
const THRESHOLD = Number(process.env.THRESHOLD ?? 0.95);
const STEP = 5 * 60_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Scored from here on: every method gets the same first week to learn from. */
const TRAIN_DAYS = 7;

async function loadDetector() {
  const dir = mkdtempSync(join(tmpdir(), 'hyperion-bench-analytics-'));
  try {
    const out = join(dir, 'detector.mjs');
    const result = await build({
      entryPoints: [join(root, 'libs/api/analytics/src/lib/anomaly/streaming-detector.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    writeFileSync(out, result.outputFiles[0].contents);
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** mulberry32: a small seeded generator, so every run sees the same series. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * One series: level, daily shape (a smooth day and a sharp nightly job on some), weekend drop,
 * noise (gaussian or heavy-tailed), slow trend; then the injected events with their windows.
 */
function makeSeries(index) {
  const rand = random(SEED * 1000 + index);
  const level = 10 ** (1 + rand() * 2);
  const sigma = level * (0.01 + rand() * 0.06);
  const amplitude = rand() < 0.75 ? level * rand() * 0.5 : 0;
  const weekend = rand() < 0.5 ? 1 - rand() * 0.3 : 1;
  const nightlyJob = rand() < 0.35 ? sigma * (4 + rand() * 6) : 0;
  const heavy = rand() < 0.4;
  const drift = (rand() - 0.5) * sigma * 0.02; // per hour
  const start = Date.UTC(2026, 0, 5);
  const n = (DAYS * DAY) / STEP;
  const values = new Float64Array(n);
  const at = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = start + i * STEP;
    const phase = ((t % DAY) / DAY) * 2 * Math.PI;
    const dow = (Math.floor(t / DAY) + 4) % 7;
    const hourOfDay = (t % DAY) / HOUR;
    let v = level + amplitude * Math.sin(phase - Math.PI / 2) + drift * ((t - start) / HOUR);
    if (dow === 0 || dow === 6) v *= weekend;
    if (nightlyJob && hourOfDay >= 2 && hourOfDay < 2.5) v += nightlyJob;
    const noise = heavy ? gaussian(rand) / Math.sqrt(Math.max(0.25, rand() * 2)) : gaussian(rand);
    values[i] = v + sigma * noise;
    at[i] = t;
  }

  // Events after the training week, far enough apart not to overlap.
  const events = [];
  const first = (TRAIN_DAYS * DAY) / STEP;
  const slots = Math.floor((n - first - 400) / 400);
  const order = Array.from({ length: slots }, (_, k) => k).sort(() => rand() - 0.5);
  const take = () => first + 100 + order.pop() * 400 + Math.floor(rand() * 100);
  for (let k = 0; k < 4; k++) {
    const i = take();
    values[i] += (rand() < 0.5 ? -1 : 1) * sigma * (6 + rand() * 6);
    events.push({ kind: 'spike', from: i, to: i + 2 });
  }
  {
    // A level shift held for 6 hours, then back: both edges are events.
    const i = take();
    const by = (rand() < 0.5 ? -1 : 1) * sigma * (5 + rand() * 5);
    const len = (6 * HOUR) / STEP;
    for (let j = i; j < i + len; j++) values[j] += by;
    events.push({ kind: 'level shift', from: i, to: i + HOUR / STEP });
    events.push({ kind: 'level shift', from: i + len, to: i + len + HOUR / STEP });
  }
  {
    // A trend change: a ramp reaching 10 sigma in 12 hours, held 6 hours, then gone.
    const i = take();
    const len = (12 * HOUR) / STEP;
    const hold = (6 * HOUR) / STEP;
    const top = (rand() < 0.5 ? -1 : 1) * sigma * 10;
    for (let j = i; j < i + len + hold && j < n; j++) values[j] += top * Math.min(1, (j - i) / len);
    events.push({ kind: 'trend change', from: i, to: i + len });
    events.push({ kind: 'level shift', from: i + len + hold, to: i + len + hold + HOUR / STEP });
  }
  const traits = {
    level: Math.round(level),
    sigma: +sigma.toFixed(2),
    amplitude: Math.round(amplitude),
    weekend: +weekend.toFixed(2),
    nightlyJob: Math.round(nightlyJob),
    heavy,
  };
  return { at, values, events, first, traits };
}

/** Flags per point of a static threshold: mean ± 3 standard deviations of the training week. */
function staticThreshold({ values, first }) {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < first; i++) ((sum += values[i]), (sq += values[i] ** 2));
  const mean = sum / first;
  const sd = Math.sqrt(Math.max(0, sq / first - mean ** 2));
  return Array.from(values, (v) => Math.abs(v - mean) > 3 * sd);
}

/** Flags per point of a windowed z-score: mean and deviation of the previous day, |z| > 3. */
function windowedZ({ values }) {
  const w = DAY / STEP;
  const flags = new Array(values.length).fill(false);
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    if (i >= w) {
      const mean = sum / w;
      const sd = Math.sqrt(Math.max(0, sq / w - mean ** 2));
      flags[i] = sd > 0 && Math.abs(values[i] - mean) > 3 * sd;
      sum -= values[i - w];
      sq -= values[i - w] ** 2;
    }
    sum += values[i];
    sq += values[i] ** 2;
  }
  return flags;
}

/**
 * Event-based scoring: an event is found when a flag falls in its window; flags outside every
 * window, grouped into runs (gaps under 3 points), are false alarms. Only the scored weeks count.
 */
function evaluate(series, flags) {
  const { events, first } = series;
  const inWindow = (i) => events.some((e) => i >= e.from && i <= e.to);
  let found = 0;
  for (const e of events) {
    for (let i = e.from; i <= e.to; i++) {
      if (flags[i]) {
        found++;
        break;
      }
    }
  }
  let falseAlarms = 0;
  let lastFalse = -10;
  for (let i = first; i < flags.length; i++) {
    if (!flags[i] || inWindow(i)) continue;
    if (i - lastFalse > 3) {
      falseAlarms++;
      if (process.env.DEBUG) (series.falseAlarmHours ??= new Set()).add(((i * 5) / 60) % 24);
    }
    lastFalse = i;
  }
  return { events: events.length, found, falseAlarms };
}

function summarise(rows) {
  const events = rows.reduce((a, r) => a + r.events, 0);
  const found = rows.reduce((a, r) => a + r.found, 0);
  const falseAlarms = rows.reduce((a, r) => a + r.falseAlarms, 0);
  const precision = found + falseAlarms === 0 ? 0 : found / (found + falseAlarms);
  const recall = events === 0 ? 0 : found / events;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const round = (x) => Math.round(x * 1000) / 1000;
  return {
    events,
    found,
    falseAlarms,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
  };
}

const { StreamingAnomalyDetector } = await loadDetector();
const methods = {
  hyperion: [],
  'static threshold': [],
  'windowed z-score': [],
};
const byKind = {};
let points = 0;
const started = performance.now();
let detectorMs = 0;
for (let s = 0; s < SERIES; s++) {
  const series = makeSeries(s);
  points += series.values.length;
  const t0 = performance.now();
  const detector = new StreamingAnomalyDetector({ threshold: THRESHOLD });
  const flags = Array.from(series.values, (v, i) => detector.push(series.at[i], v).anomalous);
  detectorMs += performance.now() - t0;
  methods.hyperion.push(evaluate(series, flags));
  // DEBUG=1: each series' traits, its result and the hours of day of its false alarms.
  if (process.env.DEBUG) {
    const hours = [...(series.falseAlarmHours ?? [])].map((h) => h.toFixed(1)).join(' ');
    console.error(s, JSON.stringify(series.traits), JSON.stringify(methods.hyperion.at(-1)), hours);
  }
  methods['static threshold'].push(evaluate(series, staticThreshold(series)));
  methods['windowed z-score'].push(evaluate(series, windowedZ(series)));
  for (const e of series.events) {
    byKind[e.kind] ??= { events: 0, found: 0 };
    byKind[e.kind].events++;
    for (let i = e.from; i <= e.to; i++) {
      if (flags[i]) {
        byKind[e.kind].found++;
        break;
      }
    }
  }
}

const results = Object.fromEntries(
  Object.entries(methods).map(([k, rows]) => [k, summarise(rows)]),
);
console.log(
  JSON.stringify(
    {
      series: SERIES,
      days: DAYS,
      stepMinutes: STEP / 60_000,
      seed: SEED,
      threshold: THRESHOLD,
      points,
      detectorPointsPerSecond: Math.round(points / (detectorMs / 1000)),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      results,
      hyperionRecallByKind: byKind,
    },
    null,
    2,
  ),
);
console.log('\n| method | precision | recall | F1 | events found | false alarms |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [name, r] of Object.entries(results)) {
  console.log(
    `| ${name} | ${r.precision} | ${r.recall} | ${r.f1} | ${r.found}/${r.events} | ${r.falseAlarms} |`,
  );
}
