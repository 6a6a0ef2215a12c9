import { AUDIT_ROUTES } from '@hyperion/contracts';

import { auditParams, csvUrl } from '../audit-api';
import {
  AuditFilters,
  NO_FILTERS,
  auditQuery,
  csvFileName,
  filtersFromParams,
  filtersToParams,
  quickRange,
  rangeProblem,
  sameSearch,
} from './audit-filters';

const FROM = '2026-11-22T05:00:00.000Z';
const TO = '2026-11-22T06:00:00.000Z';

describe('audit filters', () => {
  it('survive the round trip through the URL', () => {
    const filters: AuditFilters = {
      action: 'failed_login',
      actor: 'system',
      result: 'failure',
      from: FROM,
      to: TO,
      utc: true,
      scope: 'instance',
    };
    const params = filtersToParams(filters);
    expect(params).toEqual({
      action: 'failed_login',
      actor: 'system',
      result: 'failure',
      from: FROM,
      to: TO,
      utc: '1',
      scope: 'instance',
    });
    expect(filtersFromParams(params)).toEqual(filters);
    // No filter, no parameter: the plain /audit.
    expect(filtersToParams(NO_FILTERS)).toEqual({});
    expect(filtersFromParams({})).toEqual(NO_FILTERS);
  });

  it('drop from a hand-edited URL what the API would refuse', () => {
    expect(
      filtersFromParams({
        action: 'drop_tables',
        result: 'maybe',
        from: 'yesterday-ish',
        to: '2026-11-22T07:00:00+01:00',
        actor: 'x'.repeat(500),
        utc: 'yes',
        scope: 'everything',
      }),
    ).toEqual({ ...NO_FILTERS, to: TO });
  });

  it('send the API only the filters set (the CSV the same), no display settings', () => {
    const filters: AuditFilters = {
      ...NO_FILTERS,
      action: 'login',
      actor: 'user-1',
      from: FROM,
      utc: true,
    };
    expect(auditQuery(filters)).toEqual({ action: 'login', actor: 'user-1', from: FROM });
    expect(auditParams({ ...auditQuery(filters), limit: 50 }).keys()).toEqual([
      'action',
      'actor',
      'from',
      'limit',
    ]);
    expect(csvUrl(auditQuery(filters))).toBe(
      `${AUDIT_ROUTES.csv}?action=login&actor=user-1&from=${FROM}`,
    );
    expect(csvUrl(auditQuery(NO_FILTERS))).toBe(AUDIT_ROUTES.csv);
  });

  it('tell a new search from a change of display', () => {
    const base: AuditFilters = { ...NO_FILTERS, action: 'login' };
    expect(sameSearch(base, { ...base, utc: true })).toBe(true);
    expect(sameSearch(base, { ...base, action: 'logout' })).toBe(false);
    expect(sameSearch(base, { ...base, scope: 'instance' })).toBe(false);
  });

  it('warn when From is not before To, naming both times in the zone shown', () => {
    expect(rangeProblem({ from: FROM, to: TO, utc: true })).toBeNull();
    expect(rangeProblem({ from: FROM, to: '', utc: true })).toBeNull();
    expect(rangeProblem({ from: TO, to: FROM, utc: true })).toBe(
      'From (2026-11-22 06:00:00 UTC) is not before To (2026-11-22 05:00:00 UTC): ' +
        'no entry can match. Change one of them.',
    );
    // To is exclusive: an equal pair matches nothing either.
    expect(rangeProblem({ from: FROM, to: FROM, utc: false })).not.toBeNull();
  });

  it('make quick ranges up to now, from the minute', () => {
    const now = new Date('2026-11-22T06:41:37.123Z');
    expect(quickRange('1h', now)).toEqual({ from: '2026-11-22T05:41:00.000Z', to: '' });
    expect(quickRange('24h', now)).toEqual({ from: '2026-11-21T06:41:00.000Z', to: '' });
    expect(quickRange('7d', now)).toEqual({ from: '2026-11-15T06:41:00.000Z', to: '' });
  });

  it('name the CSV after the local date and time', () => {
    expect(csvFileName(new Date(2026, 0, 30, 14, 5, 9))).toBe('hyperion-audit-20260130-140509.csv');
  });
});
