import { PERMISSIONS } from '@hyperion/contracts';

import {
  assertCanManage,
  missingPermissions,
  ROLE_NAME,
  unionPermissions,
  unknownPermissions,
} from './permissions';

describe('permissions', () => {
  it('names the unknown entries', () => {
    expect(unknownPermissions(['users:admin', 'nuke:all', 'nuke:all', 'x'])).toEqual([
      'nuke:all',
      'x',
    ]);
    expect(unknownPermissions([...PERMISSIONS])).toEqual([]);
  });

  it('unions role permissions in canonical order', () => {
    expect(unionPermissions([['audit:read', 'incidents:read'], ['incidents:read']])).toEqual([
      'incidents:read',
      'audit:read',
    ]);
    expect(unionPermissions([])).toEqual([]);
  });

  it('lists what is missing', () => {
    expect(missingPermissions(['users:admin', 'audit:read'], ['audit:read'])).toEqual([
      'users:admin',
    ]);
    expect(missingPermissions([], [])).toEqual([]);
  });

  it('accepts role names like on-call_2, not Admin or x', () => {
    expect(ROLE_NAME.test('on-call_2')).toBe(true);
    expect(ROLE_NAME.test('Admin')).toBe(false);
    expect(ROLE_NAME.test('x')).toBe(false);
    expect(ROLE_NAME.test('1abc')).toBe(false);
  });

  it('lets an administrator act only on accounts holding nothing more than it does', () => {
    expect(() =>
      assertCanManage(['users:admin', 'alerts:read'], ['alerts:read'], 'id'),
    ).not.toThrow();
    expect(() => assertCanManage(['users:admin'], ['users:admin', 'platform:admin'], 'id')).toThrow(
      'id: this account holds permissions you do not hold (platform:admin)',
    );
  });
});
