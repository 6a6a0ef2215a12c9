import type { Actor } from '@hyperion/api/core';
import { SERVER_EVENT_PERMISSIONS, ServerEventName, ServerEventPayload } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { emitEvent, RealtimeGateway, SocketHandler } from './realtime.gateway';
import { disconnectRoom, DisconnectTarget, eventRoom, liveRoom, RealtimeScope } from './rooms';

/** The current state of a domain for one newly connected actor; undefined sends nothing. */
export type CurrentState<E extends ServerEventName> = (
  actor: Actor,
) => ServerEventPayload<E> | undefined | Promise<ServerEventPayload<E> | undefined>;

/**
 * What domain services use to push events to the consoles, on every API instance (Redis
 * adapter). Each event reaches only the sockets holding the permission the contracts name for
 * it (`SERVER_EVENT_PERMISSIONS`); nothing is ever sent to everyone.
 */
@Injectable()
export class RealtimePublisher {
  constructor(private readonly gateway: RealtimeGateway) {}

  /**
   * Sends an event to the sockets that hold its permission: in one organisation
   * (`{ organizationId }`), or in every organisation (`'instance'`, for instance-level state
   * such as health).
   */
  publish<E extends ServerEventName>(
    event: E,
    payload: ServerEventPayload<E>,
    scope: RealtimeScope,
  ): void {
    this.gateway.emitToRoom(eventRoom(event, scope), event, payload);
  }

  /**
   * Sends a live event to the sockets of one organisation following `topic` (they subscribed,
   * and the topic's owner allowed it: see LiveTopics). A client with a backlog misses it.
   */
  publishLive<E extends ServerEventName>(
    event: E,
    payload: ServerEventPayload<E>,
    scope: { organizationId: string; topic: string },
  ): void {
    this.gateway.emitLiveToRoom(liveRoom(scope.organizationId, scope.topic), event, payload);
  }

  /**
   * Sends an event to the sockets a domain joined to `room` (a `domainRoom`), on every
   * instance. Whoever joins such a room was checked by the domain; binary payloads stay binary.
   */
  publishToRoom<E extends ServerEventName>(
    room: string,
    event: E,
    payload: ServerEventPayload<E>,
  ): void {
    this.gateway.emitToRoom(room, event, payload);
  }

  /**
   * Lets a domain answer client events of its own on every authenticated socket (`handler`
   * runs once per socket, before the socket's first event is read).
   */
  onSocket(handler: SocketHandler): void {
    this.gateway.addSocketHandler(handler);
  }

  /**
   * Sends an event to each newly connected socket that holds its permission, with what
   * `current` returns for the socket's actor (e.g. the state of the actor's organisation).
   */
  onConnect<E extends ServerEventName>(event: E, current: CurrentState<E>): void {
    const permission = SERVER_EVENT_PERMISSIONS[event];
    this.gateway.addGreeter(async (socket, actor) => {
      if (!actor.permissions.includes(permission)) return;
      const payload = await current(actor);
      if (payload !== undefined) emitEvent(socket, event, payload);
    });
  }

  /**
   * Closes the sockets of one session or of every session of a user, on every instance (on
   * logout, session revocation, a disabled account). The close takes effect within
   * milliseconds; the promise resolves once every instance has confirmed it (or, while Redis is
   * unreachable, after a short wait and a logged warning, this instance's sockets being closed
   * at once). It never rejects.
   */
  disconnect(target: DisconnectTarget): Promise<void> {
    return this.gateway.disconnectRoom(disconnectRoom(target));
  }
}
