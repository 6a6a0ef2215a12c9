import {
  bucketRecords,
  computeIncidentStats,
  incidentStatsFromRecords,
  IncidentTimingRecord,
  monthsOf,
} from './incident-stats';

const at = (iso: string) => new Date(iso);

const record = (
  reported: string,
  acknowledged: string | null,
  resolved: string | null,
  extra: Partial<IncidentTimingRecord> = {},
): IncidentTimingRecord => ({
  reportedAt: at(reported),
  firstAcknowledgedAt: acknowledged ? at(acknowledged) : null,
  firstResolvedAt: resolved ? at(resolved) : null,
  severity: 'critical',
  serviceId: null,
  serviceName: null,
  ...extra,
});

const RANGE = { from: at('2025-01-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') };

describe('incident statistics (MTTA / MTTR)', () => {
  const api = { serviceId: '00000000-0000-4000-8000-000000000001', serviceName: 'API' };
  const records: IncidentTimingRecord[] = [
    // Acknowledged after 2 min, resolved after 1 h.
    record('2025-01-10T10:00:00Z', '2025-01-10T10:02:00Z', '2025-01-10T11:00:00Z', api),
    // Acknowledged after 4 min, resolved after 3 h.
    record('2025-01-20T08:00:00Z', '2025-01-20T08:04:00Z', '2025-01-20T11:00:00Z', api),
    // High, acknowledged after 30 s, never resolved.
    record('2025-02-01T00:00:00Z', '2025-02-01T00:00:30Z', null, { severity: 'high' }),
    // Low, resolved directly after 10 min (never acknowledged).
    record('2025-02-28T23:59:59Z', null, '2025-03-01T00:09:59Z', { severity: 'low' }),
    // 23:30 at UTC−2 is 01:30 UTC on 1 March: March's. Open: measured nowhere.
    record('2025-02-28T23:30:00-02:00', null, null, { severity: 'medium', ...api }),
  ];

  const stats = incidentStatsFromRecords(records, RANGE);

  it('gives the exact means over the incidents that have the time measured', () => {
    expect(stats.total).toEqual({
      key: 'total',
      label: 'All incidents',
      count: 5,
      acknowledged: 3,
      resolved: 3,
      // (120 + 240 + 30) / 3
      mttaSeconds: 130,
      // (3600 + 10800 + 600) / 3
      mttrSeconds: 5000,
    });
  });

  it('splits by severity, listing all four in order', () => {
    expect(stats.bySeverity).toEqual([
      {
        key: 'critical',
        label: 'Critical',
        count: 2,
        acknowledged: 2,
        resolved: 2,
        mttaSeconds: 180,
        mttrSeconds: 7200,
      },
      {
        key: 'high',
        label: 'High',
        count: 1,
        acknowledged: 1,
        resolved: 0,
        mttaSeconds: 30,
        mttrSeconds: null,
      },
      {
        key: 'medium',
        label: 'Medium',
        count: 1,
        acknowledged: 0,
        resolved: 0,
        mttaSeconds: null,
        mttrSeconds: null,
      },
      {
        key: 'low',
        label: 'Low',
        count: 1,
        acknowledged: 0,
        resolved: 1,
        mttaSeconds: null,
        mttrSeconds: 600,
      },
    ]);
  });

  it('splits by service (most incidents first), "none" for incidents without one', () => {
    expect(stats.byService).toEqual([
      {
        key: api.serviceId,
        label: 'API',
        count: 3,
        acknowledged: 2,
        resolved: 2,
        mttaSeconds: 180,
        mttrSeconds: 7200,
      },
      {
        key: 'none',
        label: 'No service',
        count: 2,
        acknowledged: 1,
        resolved: 1,
        mttaSeconds: 30,
        mttrSeconds: 600,
      },
    ]);
  });

  it('splits by UTC month of the report, every month of the range listed', () => {
    expect(stats.byMonth.map((m) => [m.key, m.count, m.mttaSeconds, m.mttrSeconds])).toEqual([
      ['2025-01', 2, 180, 7200],
      ['2025-02', 2, 30, 600],
      ['2025-03', 1, null, null],
    ]);
    expect(stats.from).toBe('2025-01-01T00:00:00.000Z');
    expect(stats.to).toBe('2025-04-01T00:00:00.000Z');
  });

  it('keeps fractions of a second, to the millisecond', () => {
    const s = incidentStatsFromRecords(
      [
        record('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.500Z', null),
        record('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:02.000Z', null),
        record('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:02.001Z', null),
      ],
      RANGE,
    );
    // (1.5 + 2 + 2.001) / 3 = 1.833666…
    expect(s.total.mttaSeconds).toBe(1.834);
  });

  it('counts an acknowledgement dated before the report (a back-dated sheet) as 0 s', () => {
    const s = incidentStatsFromRecords(
      [record('2025-01-01T10:00:00Z', '2025-01-01T09:00:00Z', '2025-01-01T10:10:00Z')],
      RANGE,
    );
    expect(s.total).toMatchObject({ mttaSeconds: 0, mttrSeconds: 600 });
  });

  it('leaves out incidents reported outside [from, to)', () => {
    const s = incidentStatsFromRecords(
      [
        record('2024-12-31T23:59:59Z', '2025-01-01T00:00:00Z', null),
        record('2025-04-01T00:00:00Z', '2025-04-01T00:01:00Z', null),
        record('2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z', null),
      ],
      RANGE,
    );
    expect(s.total).toMatchObject({ count: 1, mttaSeconds: 60 });
  });

  it('answers nulls, not zeros or NaN, when there is nothing to measure', () => {
    const s = computeIncidentStats([], RANGE);
    expect(s.total).toEqual({
      key: 'total',
      label: 'All incidents',
      count: 0,
      acknowledged: 0,
      resolved: 0,
      mttaSeconds: null,
      mttrSeconds: null,
    });
    expect(s.byService).toEqual([]);
    expect(s.byMonth.map((m) => m.key)).toEqual(['2025-01', '2025-02', '2025-03']);
  });

  it('gives the same figures from pre-summed buckets (the SQL path) as from records', () => {
    const buckets = bucketRecords(records);
    // Several buckets of one group add up as one.
    const split = buckets.flatMap((b) =>
      b.count < 2
        ? [b]
        : [
            {
              ...b,
              count: 1,
              acknowledged: 1,
              acknowledgeSeconds: 120,
              resolved: 1,
              resolveSeconds: 3600,
            },
            {
              ...b,
              count: b.count - 1,
              acknowledged: b.acknowledged - 1,
              acknowledgeSeconds: b.acknowledgeSeconds - 120,
              resolved: b.resolved - 1,
              resolveSeconds: b.resolveSeconds - 3600,
            },
          ],
    );
    expect(computeIncidentStats(split, RANGE)).toEqual(stats);
  });

  it('lists the UTC months a range touches', () => {
    expect(monthsOf(at('2024-11-15T00:00:00Z'), at('2025-02-01T00:00:00Z'))).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
    ]);
    expect(monthsOf(at('2025-01-31T00:00:00Z'), at('2025-02-01T00:00:01Z'))).toEqual([
      '2025-01',
      '2025-02',
    ]);
    expect(monthsOf(at('2025-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z'))).toEqual([]);
  });
});
