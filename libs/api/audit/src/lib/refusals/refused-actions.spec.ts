import { nightlyCron } from '../verification/audit-verification.scheduler';
import { REFUSED_ACTIONS, routeKey } from './refused-actions';

describe('refused actions', () => {
  it('maps a route pattern to the action it performs, whatever the API version', () => {
    expect(REFUSED_ACTIONS[routeKey('post', '/api/v1/roles')]).toBe('role_created');
    expect(REFUSED_ACTIONS[routeKey('PATCH', '/api/v1/users/:id')]).toBe('user_updated');
    expect(REFUSED_ACTIONS[routeKey('DELETE', '/api/v2/users/:id/membership')]).toBe(
      'membership_removed',
    );
    expect(REFUSED_ACTIONS[routeKey('GET', '/api/v1/roles')]).toBeUndefined();
  });
});

describe('nightly schedule', () => {
  it('turns HH:MM (UTC) into a daily cron expression', () => {
    expect(nightlyCron('03:30')).toBe('30 3 * * *');
    expect(nightlyCron('00:05')).toBe('5 0 * * *');
    expect(() => nightlyCron('3:30')).toThrow(/HH:MM/);
  });
});
