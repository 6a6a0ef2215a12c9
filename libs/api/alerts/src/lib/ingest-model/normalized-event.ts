import type { AlertLink, AlertOrigin, AlertSeverity } from '@hyperion/contracts';

/**
 * One ingested event, whatever it came in as (PagerDuty Events v2, the Alertmanager API or its
 * webhook): what the ingest service folds into an alert.
 */
export interface NormalizedEvent {
  action: 'trigger' | 'acknowledge' | 'resolve';
  /** null: the caller generates one (every such trigger opens a new alert). */
  dedupKey: string | null;
  summary: string;
  source: string;
  severity: AlertSeverity;
  /** The reports' event type: payload.class, else labels.alertname, else the summary (≤ 255). */
  eventType: string;
  component: string | null;
  group: string | null;
  class: string | null;
  /**
   * PagerDuty: { severity, source, component?, group?, class?, alertname } (alertname = eventType);
   * Alertmanager: its labels as given (empty values dropped, as Alertmanager does).
   */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  customDetails: Record<string, unknown>;
  links: AlertLink[];
  /** PagerDuty payload.timestamp / Alertmanager startsAt; null: now. */
  occurredAt: Date | null;
  endsAt: Date | null;
  generatorUrl: string | null;
  /** PagerDuty top-level `service`; the Alertmanager label `service`. */
  serviceName: string | null;
  origin: AlertOrigin;
}
