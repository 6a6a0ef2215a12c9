import { type Actor, RequestContext } from '@hyperion/api/core';
import {
  LIVE_RULES,
  LiveAnswer,
  LiveSubscription,
  SERVER_EVENT_PERMISSIONS,
  ServerEventName,
} from '@hyperion/contracts';
import { Injectable, Logger } from '@nestjs/common';

import { liveRoom } from './rooms';

/**
 * Whether the current actor (in its organisation, through the request context) may follow a
 * topic of this kind: typically "the thing the topic names exists in my organisation".
 */
export type LiveTopicCheck = (topic: string) => Promise<boolean>;

interface LiveTopicKind {
  event: ServerEventName;
  allows: LiveTopicCheck;
}

/** What the gateway needs of a socket to (un)subscribe it and watch its backlog. */
export interface LiveSocket {
  data: { actor?: Actor; liveTopics?: Set<string>; livePaused?: boolean };
  join(room: string | string[]): unknown;
  leave(room: string): unknown;
  /** The engine.io connection (its queue is read through `queuedPackets`). */
  conn: {
    on(event: 'packetCreate', listener: () => void): unknown;
    once(event: 'drain', listener: () => void): unknown;
  };
}

/**
 * How many packets engine.io holds for a connection, not yet handed to its transport. The
 * field is engine.io's (`Socket.writeBuffer`, typed private, stable since engine.io 1): there
 * is no public way to read a connection's backlog.
 */
export function queuedPackets(conn: LiveSocket['conn']): number {
  return (conn as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
}

/**
 * Packets queued for one client (not yet taken by its connection) beyond which it stops
 * receiving live events until it has caught up: a slow console misses samples, and the server
 * holds at most this many for it.
 */
export const LIVE_BACKLOG_LIMIT = 64;

/** `<kind>:<rest>`: the kind is what domains register; the rest is theirs to check. */
const TOPIC = /^([a-z][a-z-]{0,31}):[A-Za-z0-9:._-]+$/;

const refuse = (error: string): LiveAnswer => ({ ok: false, error });

/**
 * The live topics domains offer (a host's samples …) and the subscriptions of each socket. A
 * socket joins a topic's room only when its actor holds the permission of the topic's event in
 * its organisation and the topic's owner says the actor may follow it; the room is per
 * organisation, so a topic named by another organisation's id reaches nobody there.
 */
@Injectable()
export class LiveTopics {
  private readonly logger = new Logger('Realtime');
  private readonly kinds = new Map<string, LiveTopicKind>();

  /** Called once per kind by its domain (e.g. `host` for `host:<id>:samples`). */
  register(kind: string, event: ServerEventName, allows: LiveTopicCheck): void {
    if (this.kinds.has(kind)) throw new Error(`Live topic kind "${kind}" is registered twice`);
    this.kinds.set(kind, { event, allows });
  }

  async subscribe(socket: LiveSocket, request: unknown): Promise<LiveAnswer> {
    const actor = socket.data.actor;
    const topic = this.topicOf(request);
    if (!actor?.organizationId) return refuse('Not signed in to an organisation');
    if (typeof topic !== 'string') return topic;
    const kind = this.kinds.get(topic.slice(0, topic.indexOf(':')));
    if (!kind) return refuse('topic: unknown topic');
    if (!actor.permissions.includes(SERVER_EVENT_PERMISSIONS[kind.event])) {
      return refuse(`topic: needs ${SERVER_EVENT_PERMISSIONS[kind.event]}`);
    }
    const topics = (socket.data.liveTopics ??= new Set());
    if (topics.has(topic)) return { ok: true };
    if (topics.size >= LIVE_RULES.subscriptionsPerSocket) {
      return refuse(`topic: at most ${LIVE_RULES.subscriptionsPerSocket} topics per connection`);
    }
    let allowed: boolean;
    try {
      allowed = await RequestContext.run({ actor }, () => kind.allows(topic));
    } catch (error) {
      this.logger.warn(`Checking live topic ${topic} failed: ${String(error)}`);
      return refuse('topic: cannot be checked right now, try again');
    }
    if (!allowed) return refuse('topic: not found');
    // Checked again: two subscriptions of one socket may have raced past the limit above.
    if (topics.size >= LIVE_RULES.subscriptionsPerSocket) {
      return refuse(`topic: at most ${LIVE_RULES.subscriptionsPerSocket} topics per connection`);
    }
    topics.add(topic);
    // While paused for a backlog, the drain joins every topic of the set, this one included.
    if (!socket.data.livePaused) await socket.join(liveRoom(actor.organizationId, topic));
    return { ok: true };
  }

  async unsubscribe(socket: LiveSocket, request: unknown): Promise<LiveAnswer> {
    const actor = socket.data.actor;
    const topic = this.topicOf(request);
    if (!actor?.organizationId) return refuse('Not signed in to an organisation');
    if (typeof topic !== 'string') return topic;
    socket.data.liveTopics?.delete(topic);
    await socket.leave(liveRoom(actor.organizationId, topic));
    return { ok: true };
  }

  /**
   * Takes a socket out of its live rooms while more than LIVE_BACKLOG_LIMIT packets wait for
   * it, and puts it back once its connection has drained. Room membership is local to the
   * instance, so broadcasts from every instance skip it meanwhile; its other events (alerts,
   * incidents) still queue as before.
   */
  watchBacklog(socket: LiveSocket): void {
    socket.conn.on('packetCreate', () => {
      const topics = socket.data.liveTopics;
      const organizationId = socket.data.actor?.organizationId;
      if (socket.data.livePaused || !topics?.size || !organizationId) return;
      // Called before the new packet joins the queue: at most LIMIT + 1 are ever held.
      if (queuedPackets(socket.conn) < LIVE_BACKLOG_LIMIT) return;
      socket.data.livePaused = true;
      for (const topic of topics) void socket.leave(liveRoom(organizationId, topic));
      socket.conn.once('drain', () => {
        socket.data.livePaused = false;
        const now = socket.data.liveTopics ?? new Set<string>();
        void socket.join([...now].map((topic) => liveRoom(organizationId, topic)));
      });
    });
  }

  private topicOf(request: unknown): string | LiveAnswer {
    const topic = (request as Partial<LiveSubscription> | null)?.topic;
    if (typeof topic !== 'string' || topic.length === 0) return refuse('topic: required');
    if (topic.length > LIVE_RULES.topicMaxLength) {
      return refuse(`topic: at most ${LIVE_RULES.topicMaxLength} characters`);
    }
    if (!TOPIC.test(topic)) return refuse('topic: not a topic name');
    return topic;
  }
}
