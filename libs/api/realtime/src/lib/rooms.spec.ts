import type { Actor } from '@hyperion/api/core';

import {
  actorRooms,
  disconnectRoom,
  eventRoom,
  organizationPermissionRoom,
  permissionRoom,
  sessionRoom,
  userRoom,
} from './rooms';

const operator: Actor = {
  type: 'user',
  id: 'u1',
  name: 'alice',
  permissions: ['monitoring:read', 'incidents:read'],
  organizationId: 'o1',
  sessionId: 's1',
};

describe('realtime rooms', () => {
  it('names each kind of room', () => {
    expect(userRoom('u1')).toBe('user:u1');
    expect(sessionRoom('s1')).toBe('session:s1');
    expect(organizationPermissionRoom('o1', 'alerts:read')).toBe('org:o1:perm:alerts:read');
    expect(permissionRoom('platform:admin')).toBe('perm:platform:admin');
  });

  it('refuses an empty id rather than naming a room nobody (or everybody) is in', () => {
    expect(() => userRoom('')).toThrow('empty user id');
    expect(() => sessionRoom('')).toThrow('empty session id');
    expect(() => organizationPermissionRoom('', 'alerts:read')).toThrow('empty organisation id');
  });

  it('puts a user in its user, session, organisation-permission and permission rooms', () => {
    expect(actorRooms(operator).sort()).toEqual(
      [
        'user:u1',
        'session:s1',
        'org:o1:perm:monitoring:read',
        'org:o1:perm:incidents:read',
        'perm:monitoring:read',
        'perm:incidents:read',
      ].sort(),
    );
  });

  it('gives an API key no user or session room', () => {
    const key: Actor = { ...operator, type: 'api_key', id: 'k1', sessionId: null };
    expect(actorRooms(key).sort()).toEqual(
      [
        'org:o1:perm:incidents:read',
        'org:o1:perm:monitoring:read',
        'perm:incidents:read',
        'perm:monitoring:read',
      ].sort(),
    );
  });

  it('gives an actor without an organisation only instance-level permission rooms', () => {
    const admin: Actor = {
      ...operator,
      permissions: ['platform:admin', 'monitoring:read'],
      organizationId: null,
    };
    expect(actorRooms(admin).sort()).toEqual(
      ['user:u1', 'session:s1', 'perm:platform:admin', 'perm:monitoring:read'].sort(),
    );
  });

  it('gives an actor without permissions no permission room at all', () => {
    expect(actorRooms({ ...operator, permissions: [] }).sort()).toEqual(['session:s1', 'user:u1']);
  });

  it("sends an event to its permission's room, in one organisation or in all", () => {
    expect(eventRoom('health:status', { organizationId: 'o1' })).toBe(
      'org:o1:perm:monitoring:read',
    );
    expect(eventRoom('health:status', 'instance')).toBe('perm:monitoring:read');
  });

  it('closes the room of a session or of a user', () => {
    expect(disconnectRoom({ sessionId: 's1' })).toBe('session:s1');
    expect(disconnectRoom({ userId: 'u1' })).toBe('user:u1');
  });
});
