import type { HealthReport } from './health';

/** Socket.IO path, served by the API on the same origin as the console. */
export const SOCKET_PATH = '/api/socket.io';

/** Server → client events, with their payloads. */
export interface ServerToClientEvents {
  /**
   * The current health report: sent to a client when it connects, and to everyone whenever
   * the state of a dependency or the overall status changes.
   */
  'health:status': (report: HealthReport) => void;
}

/** Client → server events (none yet: the console only listens). */
export type ClientToServerEvents = Record<string, never>;

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];
