import { Signal, signal } from '@angular/core';
import type {
  AlertSummary,
  AlertsChangedEvent,
  ServerEventName,
  ServerEventPayload,
} from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';
import { Observable, Subject } from 'rxjs';

/** For the specs only: alerts as the API sends them, and the console's socket faked. */
export const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

export function alert(overrides: Partial<AlertSummary> = {}): AlertSummary {
  return {
    id: 'a-1',
    serviceId: 's-db',
    serviceName: 'PostgreSQL',
    dedupKey: 'db-down',
    summary: 'Database down',
    source: 'db-1.example.com',
    severity: 'critical',
    state: 'triggered',
    urgency: 'high',
    suppressed: null,
    inhibitedBy: null,
    silenceId: null,
    eventType: 'DatabaseDown',
    labels: { alertname: 'DatabaseDown' },
    occurrences: 3,
    origin: 'events',
    firstSeenAt: minutesAgo(30),
    lastSeenAt: minutesAgo(3),
    lastEmittedAt: minutesAgo(30),
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    snoozedUntil: null,
    ...overrides,
  };
}

/** The socket as the pages use it: the connection state, reconnections, alerts:changed. */
export class FakeSocket implements Pick<SocketService, 'on' | 'reconnected$' | 'connected'> {
  readonly connectedState = signal(false);
  readonly connected: Signal<boolean> = this.connectedState;
  private readonly reconnects = new Subject<void>();
  readonly reconnected$ = this.reconnects.asObservable();
  readonly alertsChanged = new Subject<AlertsChangedEvent>();

  constructor(connected = false) {
    this.connectedState.set(connected);
  }

  on<E extends ServerEventName>(event: E): Observable<ServerEventPayload<E>> {
    if (event !== 'alerts:changed') throw new Error(`unexpected event ${event}`);
    return this.alertsChanged.asObservable() as unknown as Observable<ServerEventPayload<E>>;
  }

  /** Sends `alerts:changed` with these alerts. */
  changed(...alerts: AlertSummary[]): void {
    this.alertsChanged.next({ alerts });
  }

  drop(): void {
    this.connectedState.set(false);
  }

  reconnect(): void {
    this.connectedState.set(true);
    this.reconnects.next();
  }
}
