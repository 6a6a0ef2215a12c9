import { HttpParams } from '@angular/common/http';

import { auditParams } from '../audit-api';
import { NO_FILTERS, auditQuery, csvFileName } from './audit-filters';

describe('audit filters', () => {
  it('sends only the filters the user set, with local times as UTC instants', () => {
    const from = '2026-01-30T14:00';
    const query = auditQuery({
      ...NO_FILTERS,
      action: 'failed_login',
      actor: '  system ',
      from,
    });

    expect(query).toEqual({
      action: 'failed_login',
      actor: 'system',
      result: undefined,
      from: new Date(from).toISOString(),
      to: undefined,
    });
    const params: HttpParams = auditParams({ ...query, limit: 50 });
    expect(params.keys()).toEqual(['action', 'actor', 'from', 'limit']);
    expect(params.get('limit')).toBe('50');
  });

  it('sends no filter at all for an empty form', () => {
    expect(auditParams(auditQuery(NO_FILTERS)).keys()).toEqual([]);
  });

  it('names the CSV after the local date and time', () => {
    expect(csvFileName(new Date(2026, 0, 30, 14, 5, 9))).toBe('hyperion-audit-20260130-140509.csv');
  });
});
