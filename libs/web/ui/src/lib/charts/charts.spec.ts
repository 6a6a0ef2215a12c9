import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { ChartPoint, linePath, niceTicks, timeTicks } from './chart-scale';
import { ChartSeries, LineChart } from './line-chart';
import { Sparkline } from './sparkline';
import { UptimeBars, UptimeDay, uptimeDays, uptimeTone } from './uptime-bars';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describe('chart scales', () => {
  it('draws a gap where a value is missing or a step in time is too long, and a lone point as a dot', () => {
    const x = (t: number) => t;
    const y = (v: number) => v;
    expect(linePath([0, 1, 2, 3, 4], [5, 6, null, 7, 8], x, y)).toBe('M0 5 L1 6 M3 7 L4 8');
    expect(linePath([0, 1, 10, 11], [1, 1, 2, 2], x, y, 5)).toBe('M0 1 L1 1 M10 2 L11 2');
    expect(linePath([0, 1, 2], [null, 4, null], x, y)).toBe('M1 4 h0');
    expect(linePath([], [], x, y)).toBe('');
  });

  it('picks round ticks for values and for times', () => {
    expect(niceTicks(0, 340)).toEqual({ ticks: [0, 100, 200, 300, 400], min: 0, max: 400 });
    expect(niceTicks(0, 0).ticks).toEqual([0, 0.5, 1]);
    const { ticks, step } = timeTicks(T0, T0 + 60 * 60_000, 6);
    expect(step).toBe(15 * 60_000);
    expect(ticks).toHaveLength(5);
    expect(ticks.every((t) => (t - T0) % (15 * 60_000) === 0)).toBe(true);
  });
});

@Component({
  imports: [LineChart],
  template: `<hyp-line-chart
    [series]="series()"
    label="Latency of Website"
    unit="ms"
    [yMax]="yMax()"
    [gapMs]="gapMs"
  />`,
})
class ChartHost {
  readonly series = signal<ChartSeries[]>([
    {
      name: 'Latency',
      points: [
        { t: at(0), v: 40 },
        { t: at(1), v: 120 },
        { t: at(2), v: null },
        { t: at(3), v: 80 },
        { t: at(4), v: 60 },
      ],
    },
  ]);
  readonly yMax = signal<number | null>(null);
  readonly gapMs = 5 * 60_000;
}

describe('LineChart', () => {
  async function render() {
    const fixture = TestBed.createComponent(ChartHost);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return {
      fixture,
      element,
      svg: () => element.querySelector('svg') as SVGSVGElement,
      paths: () => Array.from(element.querySelectorAll('path.line')),
      yLabels: () =>
        Array.from(element.querySelectorAll('.y-axis text')).map((t) => t.textContent?.trim()),
      text: (testId: string) =>
        element
          .querySelector(`[data-testid="${testId}"]`)
          ?.textContent?.replace(/\s+/g, ' ')
          .trim(),
    };
  }

  it('draws each series with a gap where data is missing, on round value ticks, named in words', async () => {
    const chart = await render();

    expect(chart.svg().getAttribute('aria-label')).toBe('Latency of Website');
    const d = chart.paths()[0].getAttribute('d') ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
    expect(chart.yLabels()).toEqual(['0', '50', '100', '150']);
    expect(chart.text('chart-summary')).toMatch(
      /^Latency: 4 points from .+ to .+; lowest 40 ms, highest 120 ms, latest 60 ms; 1 gap without data\.$/,
    );

    chart.fixture.componentInstance.yMax.set(1000);
    await chart.fixture.whenStable();
    expect(chart.yLabels().at(-1)).toBe('1,000');
  });

  it('reads out the values at the point chosen from the keyboard', async () => {
    const chart = await render();
    const key = async (name: string) => {
      chart.svg().dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
      await chart.fixture.whenStable();
    };

    expect(chart.svg().getAttribute('tabindex')).toBe('0');
    expect(chart.text('chart-readout')).toBe('');
    await key('End');
    expect(chart.text('chart-readout')).toMatch(/Latency: 60 ms$/);
    await key('ArrowLeft');
    await key('ArrowLeft');
    expect(chart.text('chart-readout')).toMatch(/Latency: no data$/);
    await key('Home');
    expect(chart.text('chart-readout')).toMatch(/Latency: 40 ms$/);
    expect(chart.element.querySelector('circle.marker')).not.toBeNull();
    await key('Escape');
    expect(chart.text('chart-readout')).toBe('');
  });

  it('appends a live point by redrawing the path only: the same SVG and path elements stay', async () => {
    const chart = await render();
    const svg = chart.svg();
    const path = chart.paths()[0];
    const before = path.getAttribute('d');

    const series = chart.fixture.componentInstance.series;
    const point: ChartPoint = { t: at(5), v: 200 };
    series.set([{ ...series()[0], points: [...series()[0].points, point] }]);
    await chart.fixture.whenStable();

    expect(chart.svg()).toBe(svg);
    expect(chart.paths()[0]).toBe(path);
    expect(path.getAttribute('d')).not.toBe(before);
    expect(chart.text('chart-summary')).toContain('latest 200 ms');
  });

  it('says so when there is nothing to draw', async () => {
    const chart = await render();
    chart.fixture.componentInstance.series.set([{ name: 'Latency', points: [] }]);
    await chart.fixture.whenStable();

    expect(chart.element.querySelector('text.empty')?.textContent?.trim()).toBe('No data yet');
    expect(chart.text('chart-summary')).toBe('Latency: no data.');
  });
});

@Component({
  imports: [Sparkline],
  template: `<hyp-sparkline
    [values]="[10, 20, null, 40]"
    [marks]="[false, true, false, false]"
    label="Latency, last 4 hours"
    [width]="80"
    [height]="24"
  />`,
})
class SparklineHost {}

describe('Sparkline', () => {
  it('draws the values with a gap and a red band under the marked steps, named in words', async () => {
    const fixture = TestBed.createComponent(SparklineHost);
    await fixture.whenStable();
    const svg = (fixture.nativeElement as HTMLElement).querySelector('svg');

    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.getAttribute('aria-label')).toBe('Latency, last 4 hours');
    // Steps of 20 px, each value at the middle of its step, 40 at the top (y = 2).
    expect(svg?.querySelector('path')?.getAttribute('d')).toBe('M10 17 L30 12 M70 2 h0');
    const bands = Array.from(svg?.querySelectorAll('rect.marked') ?? []);
    expect(bands.map((b) => [b.getAttribute('x'), b.getAttribute('width')])).toEqual([
      ['20', '20'],
    ]);
  });
});

@Component({
  imports: [UptimeBars],
  template: `<hyp-uptime-bars [days]="days()" label="Uptime of Website, last 90 days" />`,
})
class BarsHost {
  readonly days = signal<UptimeDay[]>(
    uptimeDays(
      [
        { date: '2026-12-05', uptime: 97.5 },
        { date: '2026-12-06', uptime: 99.5 },
        { date: '2026-12-07', uptime: 100 },
      ],
      90,
      new Date('2026-12-07T15:00:00Z'),
    ),
  );
}

describe('UptimeBars', () => {
  it('fills the days without checks, oldest first', () => {
    const days = uptimeDays([{ date: '2026-12-06', uptime: 99 }], 3, new Date('2026-12-07T01:00Z'));
    expect(days).toEqual([
      { date: '2026-12-05', uptime: null },
      { date: '2026-12-06', uptime: 99 },
      { date: '2026-12-07', uptime: null },
    ]);
    expect([
      uptimeTone(100),
      uptimeTone(99.9),
      uptimeTone(99.5),
      uptimeTone(98),
      uptimeTone(null),
    ]).toEqual(['ok', 'ok', 'warn', 'bad', 'none']);
  });

  it('draws a bar a day coloured by its uptime, names the days below target, reads a day out', async () => {
    const fixture = TestBed.createComponent(BarsHost);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const bars = Array.from(element.querySelectorAll('rect.bar'));
    const text = (testId: string) =>
      element.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();

    expect(bars).toHaveLength(90);
    expect(bars.slice(-3).map((b) => b.getAttribute('data-tone'))).toEqual(['bad', 'warn', 'ok']);
    expect(bars[0].getAttribute('data-tone')).toBe('none');
    expect(bars.at(-3)?.querySelector('title')?.textContent).toBe('5 Dec 2026: 97.5 % up');
    expect(text('uptime-summary')).toBe(
      '3 of 90 days with checks (87 without); 1 at or above 99.9 %. Below: 5 Dec 2026: 97.5 % up; 6 Dec 2026: 99.5 % up.',
    );

    const svg = element.querySelector('svg') as SVGSVGElement;
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await fixture.whenStable();
    expect(text('uptime-readout')).toBe('7 Dec 2026: 100 % up');
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await fixture.whenStable();
    expect(text('uptime-readout')).toBe('6 Dec 2026: 99.5 % up');
    svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    await fixture.whenStable();
    expect(text('uptime-readout')).toMatch(/^9 Sept? 2026: no checks$/);
  });
});
