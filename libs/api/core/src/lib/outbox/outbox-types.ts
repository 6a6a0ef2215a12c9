import type { ServerEventName } from '@hyperion/contracts';

/** Who receives a live event: one organisation's sockets, or (instance-level) every organisation's. */
export type EventScope = { organizationId: string } | 'instance';

export interface OutboxEvent {
  event: ServerEventName;
  payload: unknown;
  scope: EventScope;
}

export interface OutboxJob {
  queue: string;
  name: string;
  data: Record<string, unknown>;
  /** Epoch ms: the job waits in Bull (delayed) until then; absent or past, it runs at once. */
  runAt?: number;
}

export type OutboxPayload = OutboxEvent | OutboxJob;

/** One row taken from the outbox, handed to the dispatcher of its kind. */
export interface OutboxMessage<P extends OutboxPayload = OutboxPayload> {
  id: string;
  organizationId: string | null;
  correlationId: string | null;
  payload: P;
}

export type OutboxDispatcher<P extends OutboxPayload> = (
  message: OutboxMessage<P>,
) => Promise<void>;
