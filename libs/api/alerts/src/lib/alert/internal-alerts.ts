import type { AlertLink, AlertSeverity, IngestOutcome } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { AlertIngestPipeline } from './alert-ingest-pipeline';

/** An alert raised or resolved by Hyperion itself (a monitor, a threshold). */
export interface InternalAlert {
  action: 'trigger' | 'resolve';
  /** Stable per condition (`monitor:<id>`): a second trigger of one condition is deduplicated. */
  dedupKey: string;
  summary: string;
  source: string;
  severity: AlertSeverity;
  /** The alert's service, or null to let routing rules decide. */
  serviceId: string | null;
  labels?: Record<string, string>;
  customDetails?: Record<string, unknown>;
  links?: AlertLink[];
  /** Who raised it, for the alert's activity (e.g. "Monitor api-health"). */
  by: string;
}

/**
 * The ingest's own pipeline, for Hyperion's other modules: an internal alert is folded,
 * de-duplicated, routed, grouped and escalated exactly as one sent to the API, and the answer
 * comes once it is committed.
 */
@Injectable()
export class InternalAlerts {
  constructor(private readonly pipeline: AlertIngestPipeline) {}

  async send(organizationId: string, alert: InternalAlert): Promise<IngestOutcome> {
    const [result] = await this.pipeline.submit(organizationId, [
      {
        event: {
          action: alert.action,
          dedupKey: alert.dedupKey,
          summary: alert.summary.slice(0, 1024),
          source: alert.source.slice(0, 255),
          severity: alert.severity,
          eventType: (alert.labels?.['alertname'] ?? alert.summary).slice(0, 255),
          component: null,
          group: null,
          class: null,
          labels: alert.labels ?? {},
          annotations: {},
          customDetails: alert.customDetails ?? {},
          links: alert.links ?? [],
          occurredAt: null,
          endsAt: null,
          generatorUrl: null,
          serviceName: null,
          origin: 'monitor',
        },
        serviceId: alert.serviceId,
        integrationId: null,
        by: alert.by,
      },
    ]);
    return result.outcome;
  }
}
