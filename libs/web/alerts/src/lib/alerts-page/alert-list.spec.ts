import { alert, minutesAgo } from '../testing/alert-fixtures';
import {
  DEFAULT_FILTERS,
  applyAlertChanges,
  filtersFromParams,
  filtersToParams,
  listQuery,
  matchesFilters,
} from './alert-list';

const params = (query: Record<string, string>) => (name: string) => query[name] ?? null;

describe('alert list', () => {
  it('reads the filters from the URL, ignoring what it does not know, and writes back only what differs from the defaults', () => {
    expect(filtersFromParams(params({}))).toEqual(DEFAULT_FILTERS);
    const filters = filtersFromParams(
      params({ state: 'resolved', severity: 'high', service: 's-1', q: ' disk ', page: '3' }),
    );
    expect(filters).toEqual({
      state: 'resolved',
      severity: 'high',
      serviceId: 's-1',
      q: 'disk',
      page: 3,
    });
    expect(filtersFromParams(params({ state: 'nope', severity: 'error', page: '-2' }))).toEqual(
      DEFAULT_FILTERS,
    );
    expect(filtersToParams(filters)).toEqual({
      state: 'resolved',
      severity: 'high',
      service: 's-1',
      q: 'disk',
      page: 3,
    });
    expect(filtersToParams(DEFAULT_FILTERS)).toEqual({
      state: null,
      severity: null,
      service: null,
      q: null,
      page: null,
    });
    expect(listQuery({ ...filters, state: 'all' })).toEqual({
      limit: 50,
      offset: 100,
      severity: 'high',
      serviceId: 's-1',
      q: 'disk',
    });
  });

  it('matches an alert as the API filters: open means not resolved, text in summary, source or key', () => {
    const open = { ...DEFAULT_FILTERS };
    expect(matchesFilters(alert({ state: 'snoozed' }), open)).toBe(true);
    expect(matchesFilters(alert({ state: 'resolved' }), open)).toBe(false);
    expect(matchesFilters(alert(), { ...open, q: 'DB-DOWN' })).toBe(true);
    expect(matchesFilters(alert(), { ...open, q: 'web' })).toBe(false);
    expect(matchesFilters(alert(), { ...open, severity: 'low' })).toBe(false);
    expect(matchesFilters(alert(), { ...open, serviceId: 'other' })).toBe(false);
    expect(matchesFilters(alert({ state: 'resolved' }), { ...open, state: 'all' })).toBe(true);
  });

  it('replaces shown alerts by newer copies only, follows the open counters, and asks again for alerts not shown', () => {
    const shown = alert({ lastSeenAt: minutesAgo(5) });
    const list = {
      items: [shown],
      total: 1,
      totalIsLowerBound: false,
      openBySeverity: { critical: 1 },
    };

    const older = applyAlertChanges(list, [
      {
        ...shown,
        state: 'resolved',
        lastSeenAt: minutesAgo(9),
        lastEmittedAt: null,
        resolvedAt: minutesAgo(8),
      },
    ]);
    expect(older.list.items[0].state).toBe('triggered');
    expect(older.refetch).toBe(false);

    const resolved = applyAlertChanges(list, [
      { ...shown, state: 'resolved', resolvedAt: minutesAgo(1) },
    ]);
    expect(resolved.list.items[0].state).toBe('resolved');
    expect(resolved.list.openBySeverity).toEqual({ critical: 0 });
    expect(resolved.refetch).toBe(false);

    const other = applyAlertChanges(list, [alert({ id: 'new', lastSeenAt: minutesAgo(0) })]);
    expect(other.list.items).toEqual([shown]);
    expect(other.refetch).toBe(true);
  });
});
