import type { AlertsChangedEvent } from './alerts';
import type { HealthReport } from './health';
import type { HostSample } from './host';
import type { IncidentsChangedEvent } from './incident';
import type { PageSummary } from './on-call';
import type { AnyPermission } from './permissions';
import type { TerminalClientEvents, TerminalServerEvents } from './ssh-terminal';

/** Socket.IO path, served by the API on the same origin as the console. */
export const SOCKET_PATH = '/api/socket.io';

/** Server → client events, with their payloads. */
export interface ServerToClientEvents extends TerminalServerEvents {
  /**
   * The current health report: sent to a client when it connects, and to everyone allowed to
   * see it whenever the state of a dependency or the overall status changes.
   */
  'health:status': (report: HealthReport) => void;
  /**
   * A page of the organisation was created, acknowledged, or one of its steps ran: the page as
   * it now stands (the console's Pages tab updates without asking).
   */
  'page:changed': (page: PageSummary) => void;
  /**
   * Alerts of the organisation changed state (emitted, acknowledged, resolved, snoozed,
   * silenced …): each as it now stands. Repeats folded into an open alert send nothing.
   */
  'alerts:changed': (event: AlertsChangedEvent) => void;
  /** An incident of the organisation was created or changed: as it now stands. */
  'incidents:changed': (event: IncidentsChangedEvent) => void;
  /**
   * A host's new sample, sent only to the sockets that subscribed to the host's topic
   * (`live:subscribe` with `hostLiveTopic(id)`). Not queued for a slow client: it misses points.
   */
  'host:sample': (sample: HostSample) => void;
}

/** A live topic to follow or stop following, e.g. `hostLiveTopic(id)`. */
export interface LiveSubscription {
  topic: string;
}

/** The server's answer to `live:subscribe` / `live:unsubscribe`. */
export type LiveAnswer = { ok: true } | { ok: false; error: string };

/**
 * Client → server events: following and leaving live topics (each answered by an ack), and the
 * browser terminals (ssh-terminal.ts).
 */
export interface ClientToServerEvents extends TerminalClientEvents {
  'live:subscribe': (request: LiveSubscription, ack: (answer: LiveAnswer) => void) => void;
  'live:unsubscribe': (request: LiveSubscription, ack: (answer: LiveAnswer) => void) => void;
}

/** Limits of live subscriptions (a socket asking for more is refused, with the reason). */
export const LIVE_RULES = {
  topicMaxLength: 200,
  subscriptionsPerSocket: 50,
} as const;

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * The permission a socket needs to receive each event. Every event names one: the publisher
 * sends to the sockets of one organisation (or, for instance-level events such as health, of
 * every organisation) that hold it, never to "everyone".
 */
export const SERVER_EVENT_PERMISSIONS: { readonly [E in ServerEventName]: AnyPermission } = {
  'health:status': 'monitoring:read',
  'page:changed': 'notifications:read',
  'alerts:changed': 'alerts:read',
  'incidents:changed': 'incidents:read',
  'host:sample': 'monitoring:read',
  // Sent only to the sockets attached to a session, which opening or attaching checked.
  'terminal:output': 'ssh:exec',
  'terminal:prompt': 'ssh:exec',
  'terminal:ended': 'ssh:exec',
};

/** Why the server closed a console's socket (sent as the `connect_error` / disconnect reason). */
export const SOCKET_CLOSE_REASONS = {
  unauthorized: 'Unauthorized',
} as const;
