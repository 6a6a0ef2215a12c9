import type { AccessChange } from '@hyperion/contracts';

import { niceCeiling } from './failed-logins-chart';
import {
  SECURITY_STALE_AFTER_MS,
  accessChangeText,
  daysLeftText,
  freshness,
  trend,
} from './security-format';

const change = (overrides: Partial<AccessChange>): AccessChange => ({
  id: '1',
  occurredAt: '2031-03-10T10:00:00.000Z',
  action: 'role_created',
  actorName: 'admin',
  subject: null,
  granted: [],
  revoked: [],
  ...overrides,
});

describe('security dashboard words', () => {
  it('says a trend against the period before', () => {
    expect(trend({ count: 3, previous: 0 }, '7d')).toEqual({
      text: 'Up from 0 in the 7 days before',
      direction: 'up',
    });
    expect(trend({ count: 0, previous: 4 }, '30d').text).toBe('Down from 4 in the 30 days before');
    expect(trend({ count: 2, previous: 2 }, '24h').direction).toBe('same');
  });

  it('says the days left as the check does', () => {
    expect(daysLeftText(-1)).toBe('Expired 1 day ago');
    expect(daysLeftText(0)).toBe('Expires within a day');
    expect(daysLeftText(1)).toBe('Expires in 1 day');
    expect(daysLeftText(30)).toBe('Expires in 30 days');
    expect(daysLeftText(null)).toMatch(/^Not seen yet/);
  });

  it('words each kind of access change, naming what its entry names', () => {
    expect(accessChangeText(change({ subject: 'ops', granted: ['alerts:read'] }))).toBe(
      'Role “ops” created with alerts:read',
    );
    expect(accessChangeText(change({ action: 'role_updated', subject: 'ops' }))).toBe(
      'Role “ops” changed: its description',
    );
    expect(accessChangeText(change({ action: 'role_deleted' }))).toBe('A role deleted');
    expect(
      accessChangeText(change({ action: 'membership_added', subject: 'bob', granted: ['viewer'] })),
    ).toBe('“bob” added to the organisation as viewer');
    expect(accessChangeText(change({ action: 'user_updated', granted: ['operator'] }))).toBe(
      'A member: roles set to operator',
    );
    expect(accessChangeText(change({ action: 'api_key_revoked', subject: 'ci' }))).toBe(
      'API key “ci” revoked',
    );
  });

  it('says when what is shown is out of date', () => {
    const now = 1_000_000_000;
    expect(freshness(null, now, null)).toEqual({ text: 'Loading…', stale: false });
    expect(freshness(now - 5_000, now, null)).toEqual({
      text: 'Updated 5 s ago; refreshed every minute',
      stale: false,
    });
    expect(freshness(now - SECURITY_STALE_AFTER_MS - 60_000, now, null)).toEqual({
      text: 'Out of date: not updated since 3 min ago.',
      stale: true,
    });
    expect(freshness(now - 70_000, now, 'Cannot reach Hyperion.').stale).toBe(true);
  });

  it('rounds the chart axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 48, 120].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 50, 200]);
  });
});
