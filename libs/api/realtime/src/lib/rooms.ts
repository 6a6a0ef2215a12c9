import type { Actor } from '@hyperion/api/core';
import { AnyPermission, SERVER_EVENT_PERMISSIONS, ServerEventName } from '@hyperion/contracts';

/**
 * Socket.IO room names. Every authenticated socket joins, at the handshake, the rooms of
 * `actorRooms(actor)`; events go to the room of their permission (see `eventRoom`), and
 * `disconnect` closes the room of a user or a session. Names are only built here.
 */

/** Who receives an event: the sockets of one organisation, or of every organisation (health). */
export type RealtimeScope = { organizationId: string } | 'instance';

/** Whose sockets `RealtimePublisher.disconnect` closes: one session, or every session of a user. */
export type DisconnectTarget =
  | { sessionId: string; userId?: never }
  | { userId: string; sessionId?: never };

function part(kind: string, value: string): string {
  if (!value) throw new Error(`Realtime room: empty ${kind}`);
  return value;
}

/** Every socket of one user account (all its sessions, on every instance). */
export function userRoom(userId: string): string {
  return `user:${part('user id', userId)}`;
}

/** Every socket of one login session (refresh-token family). */
export function sessionRoom(sessionId: string): string {
  return `session:${part('session id', sessionId)}`;
}

/** The sockets acting in one organisation that hold `permission` there. */
export function organizationPermissionRoom(
  organizationId: string,
  permission: AnyPermission,
): string {
  return `org:${part('organisation id', organizationId)}:perm:${permission}`;
}

/** The sockets that hold `permission`, whatever their organisation (instance-level events). */
export function permissionRoom(permission: AnyPermission): string {
  return `perm:${permission}`;
}

/** The rooms a socket of `actor` joins when its handshake succeeds. */
export function actorRooms(actor: Actor): string[] {
  const rooms = new Set<string>();
  if (actor.type === 'user' && actor.id) rooms.add(userRoom(actor.id));
  if (actor.sessionId) rooms.add(sessionRoom(actor.sessionId));
  for (const permission of actor.permissions) {
    if (actor.organizationId) {
      rooms.add(organizationPermissionRoom(actor.organizationId, permission));
    }
    rooms.add(permissionRoom(permission));
  }
  return [...rooms];
}

/** The one room an event is sent to: its permission, in one organisation or in all of them. */
export function eventRoom(event: ServerEventName, scope: RealtimeScope): string {
  const permission = SERVER_EVENT_PERMISSIONS[event];
  return scope === 'instance'
    ? permissionRoom(permission)
    : organizationPermissionRoom(scope.organizationId, permission);
}

/** The room holding every socket of a disconnect target. */
export function disconnectRoom(target: DisconnectTarget): string {
  return target.sessionId !== undefined ? sessionRoom(target.sessionId) : userRoom(target.userId);
}

/**
 * The sockets of one organisation following one live topic (e.g. a host's samples). Joined on
 * request (`live:subscribe`), after the topic's owner allowed it; never at the handshake.
 */
export function liveRoom(organizationId: string, topic: string): string {
  return `live:${part('organisation id', organizationId)}:${part('topic', topic)}`;
}

/**
 * The sockets a domain joined to one of its own things (e.g. `domainRoom('terminal', id)`: the
 * consoles attached to a browser terminal). Joined only after the domain checked the actor.
 */
export function domainRoom(kind: string, id: string): string {
  return `domain:${part('kind', kind)}:${part('id', id)}`;
}
