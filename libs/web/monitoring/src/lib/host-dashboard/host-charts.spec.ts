import type { HostPoint } from '@hyperion/contracts';

import { host, rawPoint, sample } from '../testing/host-fixtures';
import { MAX_INTERFACES, appendPoints, hostCharts, pointOfSample } from './host-charts';

const T0 = Date.parse('2026-01-30T14:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const WINDOW = { from: T0 - 60_000, to: T0 + 60_000, gapMs: Infinity };
const values = (points: readonly { v: number | null }[]) => points.map((p) => p.v);

/** A 1-minute roll-up point (averages, no sample). */
function rollup(seconds: number, cpu: number): HostPoint {
  return {
    at: at(seconds),
    samples: 4,
    cpuPercent: cpu,
    memoryPercent: 50,
    diskPercent: 70,
    load1: 1.5,
    rxBytesPerSecond: 100,
    txBytesPerSecond: 50,
    max: {
      cpuPercent: cpu + 10,
      memoryPercent: 55,
      diskPercent: 70,
      rxBytesPerSecond: 200,
      txBytesPerSecond: 80,
    },
    sample: null,
  };
}

describe('host charts', () => {
  it('turns a live sample into a raw point: memory share, fullest disk, traffic without loopback', () => {
    const point = pointOfSample(
      sample(at(0), 25, {
        network: [
          { interface: 'lo', rxBytesPerSecond: 9999, txBytesPerSecond: 9999 },
          { interface: 'eth0', rxBytesPerSecond: 300, txBytesPerSecond: 100 },
        ],
      }),
    );
    expect(point).toMatchObject({
      at: at(0),
      samples: 1,
      cpuPercent: 25,
      memoryPercent: 25,
      diskPercent: 90,
      load1: 0.5,
      rxBytesPerSecond: 300,
      txBytesPerSecond: 100,
      max: null,
    });
    expect(point.sample?.cpu.totalPercent).toBe(25);
  });

  it('appends only samples newer than the last point shown, and drops what left the window', () => {
    const shown = [rawPoint(sample(at(0), 10)), rawPoint(sample(at(15), 20))];
    const next = appendPoints(
      shown,
      [rawPoint(sample(at(15), 99)), rawPoint(sample(at(30), 30))],
      T0 + 1,
    );
    expect(next.map((p) => [p.at, p.cpuPercent])).toEqual([
      [at(15), 20],
      [at(30), 30],
    ]);
  });

  it('draws every detail of raw samples, and the thresholds as flat lines across the window', () => {
    const points = [rawPoint(sample(at(0), 10)), rawPoint(sample(at(15), 20))];
    const charts = hostCharts(points, host().thresholds, WINDOW);

    expect(charts.cpu.map((s) => s.name)).toEqual(['CPU', 'Alert above 80 %']);
    expect(values(charts.cpu[0].points)).toEqual([10, 20]);
    expect(charts.cpu[1]).toMatchObject({
      tone: 'error',
      points: [
        { t: WINDOW.from, v: 80 },
        { t: WINDOW.to, v: 80 },
      ],
    });
    expect(charts.load.map((s) => s.name)).toEqual(['1 min', '5 min', '15 min']);
    expect(charts.memory.map((s) => s.name)).toEqual(['Memory', 'Swap', 'Alert above 85 %']);
    expect(values(charts.memory[1].points)).toEqual([25, 25]);
    // The busiest interface first; each chart received and sent bytes per second.
    expect(charts.network.map((n) => n.name)).toEqual(['eth0', 'wlan0']);
    expect(values(charts.network[0].series[0].points)).toEqual([2048, 2048]);
    expect(values(charts.network[0].series[1].points)).toEqual([1024, 1024]);
    // The fullest mount first.
    expect(charts.disk.map((s) => s.name)).toEqual(['/var', '/', 'Alert above 90 %']);
  });

  it('draws a threshold with points closer than the gap, so it is one unbroken line', () => {
    const charts = hostCharts([], host().thresholds, { ...WINDOW, gapMs: 30_000 });
    const times = charts.cpu[1].points.map((p) => p.t as number);
    expect(times[0]).toBe(WINDOW.from);
    expect(times.at(-1)).toBe(WINDOW.to);
    expect(times.every((t, i) => i === 0 || t - times[i - 1] <= 30_000)).toBe(true);
    expect(values(charts.cpu[1].points).every((v) => v === 80)).toBe(true);
  });

  it('draws only what roll-ups keep, and no line for a threshold turned off', () => {
    const charts = hostCharts(
      [rollup(0, 40), rollup(60, 60)],
      { cpuPercent: null, memoryPercent: 85, diskPercent: null, forSeconds: 300 },
      WINDOW,
    );
    expect(charts.cpu.map((s) => s.name)).toEqual(['CPU']);
    expect(charts.load.map((s) => s.name)).toEqual(['1 min (average)']);
    expect(charts.memory.map((s) => s.name)).toEqual(['Memory', 'Alert above 85 %']);
    expect(charts.network.map((n) => n.name)).toEqual(['All interfaces']);
    expect(charts.disk.map((s) => s.name)).toEqual(['Fullest disk']);
    expect(values(charts.disk[0].points)).toEqual([70, 70]);
  });

  it(`keeps the ${MAX_INTERFACES} busiest interfaces and leaves loopback out`, () => {
    const network = ['lo', 'a', 'b', 'c', 'd', 'e'].map((name, i) => ({
      interface: name,
      rxBytesPerSecond: name === 'lo' ? 1e9 : i * 100,
      txBytesPerSecond: 0,
    }));
    const charts = hostCharts([rawPoint(sample(at(0), 1, { network }))], host().thresholds, WINDOW);
    expect(charts.network.map((n) => n.name)).toEqual(['e', 'd', 'c', 'b']);
  });
});
