import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { AlertReportTrend, MonthlyAlertReport } from '@hyperion/contracts';
import { ALERT_ROUTES } from '@hyperion/contracts';

import { CHART_FACTORY, ChartFactory, ChartHandle } from '../chart/alert-chart';
import { PageHarness, openPage } from '../config-shared/testing/page-harness';
import { shiftMonth, utcMonth } from './report-data';
import { ReportsPage } from './reports-page';

const THIS_MONTH = utcMonth(Date.now());

const REPORT = (month: string): MonthlyAlertReport => ({
  month,
  from: `${month}-01T00:00:00.000Z`,
  to: `${shiftMonth(month, 1)}-01T00:00:00.000Z`,
  total: 42,
  byEventType: { DiskFull: 10, DatabaseDown: 30, HighLatency: 2 },
  byChannel: { both: 12, sms: 5, multiple: 25 },
  bySeverity: { critical: 30, high: 12 },
  firstAt: `${month}-01T00:15:00.000Z`,
  lastAt: `${month}-03T23:59:59.000Z`,
});

const TREND = (to: string): AlertReportTrend => ({
  months: Array.from({ length: 12 }, (_, i) => ({
    month: shiftMonth(to, i - 11),
    total: i,
    bySeverity: {},
  })),
});

/** Charts drawn by the page: their type and numbers, and whether they were freed. */
interface DrawnChart {
  type: string;
  labels: unknown[];
  values: unknown[];
  destroyed: boolean;
}

describe('ReportsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<ReportsPage>;
  let charts: DrawnChart[];

  const fakeFactory: ChartFactory = (_canvas, config) => {
    const drawn: DrawnChart = {
      type: String(config.type),
      labels: config.data.labels ?? [],
      values: config.data.datasets[0].data,
      destroyed: false,
    };
    charts.push(drawn);
    const handle: ChartHandle = {
      data: config.data,
      update: () => {
        drawn.labels = config.data.labels ?? [];
        drawn.values = config.data.datasets[0].data;
      },
      destroy: () => (drawn.destroyed = true),
    };
    return handle;
  };

  const rows = (testId: string) =>
    Array.from(page.find(testId)?.querySelectorAll('tbody tr') ?? []).map((tr) =>
      Array.from(tr.children).map((cell) => cell.textContent?.trim()),
    );

  async function open(report: MonthlyAlertReport, month = THIS_MONTH): Promise<void> {
    charts = [];
    page = await openPage(
      ReportsPage,
      ['alerts:read'],
      [{ provide: CHART_FACTORY, useValue: fakeFactory }],
    );
    flush(report, month);
    await page.stable();
  }

  function flush(report: MonthlyAlertReport, month: string): void {
    const asked = page.backend.expectOne((r) => r.url === ALERT_ROUTES.monthlyReport);
    expect(asked.request.params.get('month')).toBe(month);
    asked.flush(report);
    const trend = page.backend.expectOne((r) => r.url === ALERT_ROUTES.trend);
    expect(trend.request.params.get('months')).toBe('12');
    expect(trend.request.params.get('to')).toBe(month);
    trend.flush(TREND(month));
  }

  afterEach(() => page.destroy());

  it('shows this UTC month by default: the total, the first and last alert in UTC, and each chart with its table', async () => {
    await open(REPORT(THIS_MONTH));
    expect(page.text('reports-total')).toMatch(/^42 alerts emitted in \w+ \d{4}$/);
    expect(page.text('reports-first')).toBe(`${THIS_MONTH}-01 00:15:00 UTC`);
    expect(page.text('reports-last')).toBe(`${THIS_MONTH}-03 23:59:59 UTC`);

    expect(rows('reports-chart-type')).toEqual([
      ['DatabaseDown', '30'],
      ['DiskFull', '10'],
      ['HighLatency', '2'],
    ]);
    expect(rows('reports-chart-channel')).toEqual([
      ['Several channels', '25'],
      ['Email + Webhook', '12'],
      ['SMS only', '5'],
    ]);
    expect(rows('reports-chart-severity')).toEqual([
      ['Critical', '30'],
      ['High', '12'],
      ['Medium', '0'],
      ['Low', '0'],
    ]);
    expect(rows('reports-chart-trend')).toHaveLength(12);
    expect(rows('reports-chart-trend')[11]).toEqual([expect.stringMatching(/^\w{3} \d{4}$/), '11']);

    // The same numbers drawn: three bar charts and a 12-month line.
    expect(charts.map((c) => c.type)).toEqual(['bar', 'bar', 'bar', 'line']);
    expect(charts[1].labels).toEqual(['Several channels', 'Email + Webhook', 'SMS only']);
    expect(charts[1].values).toEqual([25, 12, 5]);
    expect(charts[3].values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(
      page.find('reports-chart-type')?.querySelector('canvas')?.getAttribute('aria-hidden'),
    ).toBe('true');
    expect(page.find('reports-next')?.hasAttribute('disabled')).toBe(true);
  });

  it('picks another month through the URL, and says plainly when a month had no alert', async () => {
    await open(REPORT(THIS_MONTH));
    const previous = shiftMonth(THIS_MONTH, -1);

    await page.click('reports-previous');
    expect(TestBed.inject(Router).url).toBe(`/?month=${previous}`);
    flush(
      {
        ...REPORT(previous),
        total: 0,
        byEventType: {},
        byChannel: {},
        bySeverity: {},
        firstAt: null,
        lastAt: null,
      },
      previous,
    );
    await page.stable();
    expect(page.text('reports-empty')).toMatch(
      /^No alert was emitted in \w+ \d{4} \(UTC\): nothing to chart\.$/,
    );
    expect(page.text('reports-total')).toMatch(/^0 alerts emitted in/);
    expect(page.find('reports-chart-type')).toBeNull();
    expect(page.find('reports-period')).toBeNull();
    // The bar charts went with their month; the trend stays, redrawn.
    expect(charts.slice(0, 3).every((c) => c.destroyed)).toBe(true);
    expect(charts[3].destroyed).toBe(false);

    const input = page.find<HTMLInputElement>('reports-month');
    if (!input) throw new Error('no month input');
    input.value = '2025-02';
    input.dispatchEvent(new Event('change'));
    await page.stable();
    expect(TestBed.inject(Router).url).toBe('/?month=2025-02');
    flush(REPORT('2025-02'), '2025-02');
    await page.stable();
    expect(page.text('reports-total')).toBe('42 alerts emitted in February 2025');
    expect(charts[3].labels[11]).toBe('Feb 2025');
  });

  it('frees every chart when the page goes', async () => {
    await open(REPORT(THIS_MONTH));
    page.fixture.destroy();
    expect(charts.every((c) => c.destroyed)).toBe(true);
  });
});
