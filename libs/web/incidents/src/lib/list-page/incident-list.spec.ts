import { anIncident } from '../testing/fixtures';
import {
  DEFAULT_FILTERS,
  NO_LIST_YET,
  applyIncidentChange,
  filtersFromParams,
  filtersToParams,
  listFreshness,
} from './incident-list';

const loaded = { ...NO_LIST_YET, loaded: true, fetchedAt: 1_000, askedAt: 1_000 };

describe('the incident list', () => {
  it('reads the filters from the URL and writes back only what differs from the default', () => {
    const params: Record<string, string> = {
      status: 'open,bogus',
      severity: 'high',
      sort: 'severity',
      from: '2026-13',
    };
    const filters = filtersFromParams((name) => params[name] ?? null);
    expect(filters).toEqual({
      ...DEFAULT_FILTERS,
      statuses: ['open'],
      severities: ['high'],
      sort: 'severity',
    });
    expect(filtersToParams(filters)).toMatchObject({
      status: 'open',
      severity: 'high',
      sort: 'severity',
      from: null,
    });
  });

  it('replaces a row by a newer version only; a new incident that matches goes on top', () => {
    const shown = anIncident({ version: 2 });
    const state = { ...loaded, items: [shown] };
    expect(
      applyIncidentChange(state, { ...shown, version: 2, title: 'old' }, DEFAULT_FILTERS),
    ).toBe(state);
    expect(
      applyIncidentChange(state, { ...shown, version: 3, title: 'new' }, DEFAULT_FILTERS).items[0]
        .title,
    ).toBe('new');

    const fresh = anIncident({ id: 'i-2', reportedAt: '2026-12-08T00:00:00.000Z' });
    expect(applyIncidentChange(state, fresh, DEFAULT_FILTERS).items.map((i) => i.id)).toEqual([
      'i-2',
      shown.id,
    ]);
    // Filtered out: nothing; oldest first: it may belong further down, so it is counted.
    expect(applyIncidentChange(state, fresh, { ...DEFAULT_FILTERS, severities: ['low'] })).toBe(
      state,
    );
    expect(applyIncidentChange(state, fresh, { ...DEFAULT_FILTERS, sort: 'oldest' }).missed).toBe(
      1,
    );
  });

  it('is live only while connected and asked for since; otherwise stale since the loss', () => {
    expect(listFreshness(loaded, 2_000, 500, null).live).toBe(true);
    const lost = listFreshness(loaded, 2_000, null, new Date(2026, 11, 7, 3, 30, 0));
    expect(lost.stale).toBe(true);
    expect(lost.text).toContain('Stale since 03:30:00');
    expect(
      listFreshness({ ...loaded, error: 'Down.', failedAt: 1_500 }, 2_000, 500, null).stale,
    ).toBe(true);
  });
});
