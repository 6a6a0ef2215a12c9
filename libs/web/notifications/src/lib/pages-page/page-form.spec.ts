import { DEDUP_KEY_PATTERN, createPageRequest, emptyPageForm, parseTarget } from './page-form';

describe('page someone: the form', () => {
  it('pages a contact with only the fields given (never null, never empty)', () => {
    const form = {
      ...emptyPageForm(),
      target: 'contact:c-alice',
      title: '  Database down ',
      summary: '   ',
    };
    expect(createPageRequest(form)).toEqual({
      contactId: 'c-alice',
      urgency: 'high',
      severity: 'critical',
      title: 'Database down',
    });
  });

  it('pages whoever is on call on a schedule, with the optional fields typed', () => {
    const form = {
      ...emptyPageForm(),
      target: 'schedule:s-ops',
      urgency: 'low' as const,
      severity: 'warning' as const,
      title: 'Disk 80 % full',
      summary: 'db-1 /var',
      service: 'PostgreSQL',
      dedupKey: 'disk:db-1',
    };
    expect(createPageRequest(form)).toEqual({
      scheduleId: 's-ops',
      urgency: 'low',
      severity: 'warning',
      title: 'Disk 80 % full',
      summary: 'db-1 /var',
      service: 'PostgreSQL',
      dedupKey: 'disk:db-1',
    });
  });

  it('reads the target of the select, and refuses to build a page without one', () => {
    expect(parseTarget('schedule:s-1')).toEqual({ kind: 'schedule', id: 's-1' });
    expect(parseTarget('')).toBeNull();
    expect(() => createPageRequest(emptyPageForm())).toThrow();
  });

  it('takes dedup keys as the API does: printable ASCII, no spaces', () => {
    expect(DEDUP_KEY_PATTERN.test('alert:42/db-1')).toBe(true);
    expect(DEDUP_KEY_PATTERN.test('two words')).toBe(false);
    expect(DEDUP_KEY_PATTERN.test('café')).toBe(false);
  });
});
