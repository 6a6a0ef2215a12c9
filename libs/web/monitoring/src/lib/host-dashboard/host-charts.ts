import type { HostPoint, HostSample, HostThresholds } from '@hyperion/contracts';
import type { ChartPoint, ChartSeries, ChartTone } from '@hyperion/web/ui';

/** The time ranges the dashboard offers: live (the last minutes, streaming) or history. */
export const HOST_RANGES = [
  { key: 'live', label: 'Live', ms: 15 * 60_000 },
  { key: '1h', label: '1 h', ms: 3_600_000 },
  { key: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { key: '24h', label: '24 h', ms: 24 * 3_600_000 },
  { key: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { key: '30d', label: '30 d', ms: 30 * 86_400_000 },
] as const;
export type HostRangeKey = (typeof HOST_RANGES)[number]['key'];

/** Interfaces and mounts drawn at most (the busiest, the fullest): more lines are unreadable. */
export const MAX_INTERFACES = 4;
export const MAX_MOUNTS = 3;

/** The series of one network chart: an interface's received and sent bytes per second. */
export interface InterfaceChart {
  readonly name: string;
  readonly series: ChartSeries[];
}

/** What the charts span, and the longest step they draw as a line (longer is a gap). */
export interface ChartWindow {
  readonly from: number;
  readonly to: number;
  readonly gapMs: number;
}

export interface HostCharts {
  readonly cpu: ChartSeries[];
  readonly load: ChartSeries[];
  readonly memory: ChartSeries[];
  readonly network: InterfaceChart[];
  readonly disk: ChartSeries[];
}

/** A live sample as a point of the history (a raw one: it carries the whole sample). */
export function pointOfSample(sample: HostSample): HostPoint {
  const memoryPercent =
    sample.memory.totalBytes > 0 ? (sample.memory.usedBytes / sample.memory.totalBytes) * 100 : 0;
  const outside = sample.network.filter((n) => n.interface !== 'lo');
  return {
    at: sample.at,
    samples: 1,
    cpuPercent: sample.cpu.totalPercent,
    memoryPercent,
    diskPercent:
      sample.storage.length > 0 ? Math.max(...sample.storage.map((m) => m.usedPercent)) : null,
    load1: sample.cpu.load1,
    rxBytesPerSecond: outside.reduce((sum, n) => sum + n.rxBytesPerSecond, 0),
    txBytesPerSecond: outside.reduce((sum, n) => sum + n.txBytesPerSecond, 0),
    max: null,
    sample,
  };
}

/**
 * Adds live points to the history shown: in time order, each moment once (a sample the history
 * already holds is not drawn twice), none older than `from`.
 */
export function appendPoints(
  points: readonly HostPoint[],
  added: readonly HostPoint[],
  from: number,
): HostPoint[] {
  const last = points.length > 0 ? Date.parse(points[points.length - 1].at) : -Infinity;
  const newer = added.filter((p) => Date.parse(p.at) > last);
  return [...points, ...newer].filter((p) => Date.parse(p.at) >= from);
}

/** Points of a threshold line at most: one per step of half the gap, over the longest window. */
const LIMIT_POINTS_MAX = 500;

/**
 * A flat line at an alert threshold across the window, named so the legend says what it is. The
 * chart lifts the pen between points further apart than its gap, so the line has points closer
 * than that (two suffice when the chart draws no gaps).
 */
function limitLine(limit: number | null, window: ChartWindow): ChartSeries[] {
  if (limit === null) return [];
  const { from, to, gapMs } = window;
  const steps = Number.isFinite(gapMs)
    ? Math.min(LIMIT_POINTS_MAX, Math.max(1, Math.ceil((to - from) / (gapMs / 2))))
    : 1;
  const points: ChartPoint[] = [];
  for (let i = 0; i <= steps; i++) points.push({ t: from + ((to - from) * i) / steps, v: limit });
  return [{ name: `Alert above ${limit} %`, tone: 'error', points }];
}

const series = (
  name: string,
  points: readonly HostPoint[],
  value: (p: HostPoint) => number | null,
  tone?: ChartTone,
): ChartSeries => ({
  name,
  points: points.map((p): ChartPoint => ({ t: p.at, v: value(p) })),
  ...(tone ? { tone } : {}),
});

/** Tones for lines besides the threshold (which is the error colour). */
const TONES: readonly ChartTone[] = ['primary', 'tertiary', 'neutral'];

/**
 * The dashboard's charts from the points shown. Raw points (a sample each) give the detail: load
 * over 1, 5 and 15 minutes, swap, each interface and each mount; roll-ups (averages per minute
 * or hour) only what they keep: load over 1 minute, memory, all interfaces together and the
 * fullest disk. Thresholds are flat lines across the window.
 */
export function hostCharts(
  points: readonly HostPoint[],
  thresholds: HostThresholds,
  window: ChartWindow,
): HostCharts {
  const samples = points.filter((p) => p.sample !== null);
  const raw = points.length > 0 && samples.length === points.length;

  const load = raw
    ? [
        series('1 min', points, (p) => p.sample?.cpu.load1 ?? null, 'primary'),
        series('5 min', points, (p) => p.sample?.cpu.load5 ?? null, 'tertiary'),
        series('15 min', points, (p) => p.sample?.cpu.load15 ?? null, 'neutral'),
      ]
    : [series('1 min (average)', points, (p) => p.load1, 'primary')];

  const hasSwap = samples.some((p) => (p.sample?.memory.swapTotalBytes ?? 0) > 0);
  const memory = [
    series('Memory', points, (p) => p.memoryPercent, 'primary'),
    ...(hasSwap
      ? [
          series(
            'Swap',
            points,
            (p) =>
              p.sample && p.sample.memory.swapTotalBytes > 0
                ? (p.sample.memory.swapUsedBytes / p.sample.memory.swapTotalBytes) * 100
                : null,
            'tertiary',
          ),
        ]
      : []),
    ...limitLine(thresholds.memoryPercent, window),
  ];

  return {
    cpu: [
      series('CPU', points, (p) => p.cpuPercent, 'primary'),
      ...limitLine(thresholds.cpuPercent, window),
    ],
    load,
    memory,
    network: raw ? interfaceCharts(points) : totalNetwork(points),
    disk: [
      ...(raw
        ? mountSeries(points)
        : [series('Fullest disk', points, (p) => p.diskPercent, 'primary')]),
      ...limitLine(thresholds.diskPercent, window),
    ],
  };
}

/** One chart per interface, the busiest first (loopback left out: it is the host talking to itself). */
function interfaceCharts(points: readonly HostPoint[]): InterfaceChart[] {
  const traffic = new Map<string, number>();
  for (const p of points) {
    for (const n of p.sample?.network ?? []) {
      if (n.interface === 'lo') continue;
      traffic.set(
        n.interface,
        (traffic.get(n.interface) ?? 0) + n.rxBytesPerSecond + n.txBytesPerSecond,
      );
    }
  }
  return [...traffic.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_INTERFACES)
    .map(([name]) => {
      const of = (p: HostPoint) => p.sample?.network.find((n) => n.interface === name);
      return {
        name,
        series: [
          series('Received', points, (p) => of(p)?.rxBytesPerSecond ?? null, 'primary'),
          series('Sent', points, (p) => of(p)?.txBytesPerSecond ?? null, 'tertiary'),
        ],
      };
    });
}

function totalNetwork(points: readonly HostPoint[]): InterfaceChart[] {
  return points.length === 0
    ? []
    : [
        {
          name: 'All interfaces',
          series: [
            series('Received', points, (p) => p.rxBytesPerSecond, 'primary'),
            series('Sent', points, (p) => p.txBytesPerSecond, 'tertiary'),
          ],
        },
      ];
}

/** Each mount's share used, the fullest (at the latest sample) first. */
function mountSeries(points: readonly HostPoint[]): ChartSeries[] {
  const latest = new Map<string, number>();
  for (const p of points)
    for (const m of p.sample?.storage ?? []) latest.set(m.mount, m.usedPercent);
  return [...latest.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_MOUNTS)
    .map(([mount], i) =>
      series(
        mount,
        points,
        (p) => p.sample?.storage.find((m) => m.mount === mount)?.usedPercent ?? null,
        TONES[i % TONES.length],
      ),
    );
}
