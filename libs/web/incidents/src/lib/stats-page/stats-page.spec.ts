import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { IncidentStats, IncidentStatsRow } from '@hyperion/contracts';
import { INCIDENT_ROUTES } from '@hyperion/contracts';

import { PageHarness, openPage } from '../testing/harness';
import { STATS_CHART_FACTORY, StatsChartFactory } from './stats-chart';
import { StatsPage } from './stats-page';

const row = (
  key: string,
  label: string,
  patch: Partial<IncidentStatsRow> = {},
): IncidentStatsRow => ({
  key,
  label,
  count: 4,
  acknowledged: 4,
  resolved: 3,
  mttaSeconds: 300,
  mttrSeconds: 5400,
  ...patch,
});

const STATS: IncidentStats = {
  from: '2025-12-07T00:00:00.000Z',
  to: '2026-12-07T00:00:00.000Z',
  total: row('total', 'All', {
    count: 6,
    acknowledged: 5,
    resolved: 4,
    mttaSeconds: 420,
    mttrSeconds: 7200,
  }),
  bySeverity: [
    row('medium', 'medium', { count: 2, mttaSeconds: 900, mttrSeconds: null, resolved: 0 }),
    row('critical', 'critical'),
  ],
  byService: [row('s-auth', 'Auth API'), row('none', 'none', { count: 2 })],
  byMonth: [row('2026-12', 'Dec 2026'), row('2026-11', 'Nov 2026', { mttaSeconds: 60 })],
};

interface Drawn {
  type: string;
  labels: unknown[];
  data: unknown[][];
}

describe('StatsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<StatsPage>;
  let charts: Drawn[];

  const factory: StatsChartFactory = (_canvas, config) => {
    const drawn: Drawn = {
      type: String(config.type),
      labels: config.data.labels ?? [],
      data: config.data.datasets.map((d) => d.data as unknown[]),
    };
    charts.push(drawn);
    return { data: config.data, update: () => undefined, destroy: () => undefined };
  };

  const rows = (testId: string) =>
    Array.from(page.find(testId)?.querySelectorAll('tbody tr') ?? []).map((tr) =>
      Array.from(tr.children).map((cell) => cell.textContent?.trim()),
    );

  beforeEach(async () => {
    charts = [];
    page = await openPage(StatsPage, {
      held: ['incidents:read'],
      providers: [{ provide: STATS_CHART_FACTORY, useValue: factory }],
    });
  });

  afterEach(() => page.destroy());

  it('shows MTTA and MTTR per severity, service and month, as charts and as tables', async () => {
    const asked = page.backend.expectOne((r) => r.url === INCIDENT_ROUTES.stats);
    expect(asked.request.params.keys()).toEqual([]);
    asked.flush(STATS);
    await page.stable();

    expect(page.text('stats-total')).toContain('6 incidents reported from');
    expect(page.text('stats-total')).toContain(
      'MTTA 7 min (5 acknowledged), MTTR 2 h (4 resolved)',
    );
    expect(rows('stats-table-severity')).toEqual([
      ['Critical', '4', '4', '3', '5 min', '1 h 30 min'],
      ['Medium (Minor)', '2', '4', '0', '15 min', '—'],
    ]);
    expect(rows('stats-table-service')).toEqual([
      ['Auth API', '4', '4', '3', '5 min', '1 h 30 min'],
      ['No service', '2', '4', '3', '5 min', '1 h 30 min'],
    ]);
    expect(rows('stats-table-month').map((r) => r[0])).toEqual(['Nov 2026', 'Dec 2026']);

    expect(charts.map((c) => c.type)).toEqual(['bar', 'bar', 'line']);
    expect(charts[0].labels).toEqual(['Critical', 'Medium (Minor)']);
    // Minutes: MTTA then MTTR.
    expect(charts[0].data).toEqual([
      [5, 15],
      [90, null],
    ]);
  });

  it('asks for the date range picked (days included), from the URL', async () => {
    page.backend.expectOne((r) => r.url === INCIDENT_ROUTES.stats).flush(STATS);
    await page.stable();
    await page.type('stats-from', '2026-11-01');
    expect(TestBed.inject(Router).url).toBe('/?from=2026-11-01');
    const ranged = page.backend.expectOne((r) => r.url === INCIDENT_ROUTES.stats);
    expect(ranged.request.params.get('from')).toBe(new Date(2026, 10, 1).toISOString());
    ranged.flush(STATS);
    await page.stable();

    await page.type('stats-to', '2026-11-30');
    const both = page.backend.expectOne((r) => r.url === INCIDENT_ROUTES.stats);
    expect(both.request.params.get('to')).toBe(new Date(2026, 11, 1).toISOString());
    both.flush({
      ...STATS,
      total: row('total', 'All', { count: 0 }),
      bySeverity: [],
      byService: [],
      byMonth: [],
    });
    await page.stable();
    expect(page.text('stats-empty')).toBe('No incident was reported in this range.');
  });

  it('says why the stats failed, and tries again', async () => {
    page.backend
      .expectOne((r) => r.url === INCIDENT_ROUTES.stats)
      .flush(null, { status: 0, statusText: 'Unknown Error' });
    await page.stable();
    expect(page.text('stats-error')).toContain('Cannot reach Hyperion');
    document.querySelector<HTMLButtonElement>('[data-testid="stats-error"] button')?.click();
    await page.stable();
    page.backend.expectOne((r) => r.url === INCIDENT_ROUTES.stats).flush(STATS);
    await page.stable();
    expect(page.find('stats-error')).toBeNull();
  });
});
