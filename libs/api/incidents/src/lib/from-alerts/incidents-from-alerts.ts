import { Tx, UnitOfWork } from '@hyperion/api/core';
import { INCIDENT_RULES, type IncidentSeverity } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { IncidentService } from '../incident.service';
import { IncidentSettingsService } from '../settings/incident-settings.service';
import { SYSTEM_INCIDENT_ACTOR } from '../timeline/incident-actor';
import { IncidentTimeline } from '../timeline/incident-timeline';

/** What the hook reads of an emitted alert. */
interface EmittedAlert {
  id: string;
  serviceId: string | null;
  dedupKey: string;
  summary: string;
  source: string | null;
  severity: IncidentSeverity;
  state: string;
  suppressed: string | null;
  lastEmittedAt: Date | null;
}

/** An alert's summary as an incident title: one line, trimmed, at most the title's length. */
export function titleOfAlert(summary: string): string {
  const line = summary.replace(/\s+/g, ' ').trim().slice(0, INCIDENT_RULES.titleMaxLength).trim();
  return line || 'Alert';
}

/**
 * Alerts → incidents (JOBS.alertsEmitted, queued by the alerts ingest in the transaction that
 * emitted them): an emitted alert of a severity the organisation's settings name (critical, and
 * high if chosen) opens an incident, or joins the open incident that already holds an alert of
 * the same service and dedup key. Each alert in a unit of work of its own, under a lock on its
 * service and key, and each emission once: a retried job finds the emission already recorded on
 * the link (`incident_alert.emitted_at`) and does nothing.
 */
@Injectable()
export class IncidentsFromAlerts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentService,
    private readonly settings: IncidentSettingsService,
    private readonly timeline: IncidentTimeline,
  ) {}

  async handle(alertIds: readonly string[]): Promise<void> {
    for (const alertId of [...new Set(alertIds)].sort()) {
      await this.uow.run((tx) => this.handleOne(tx, alertId));
    }
  }

  private async handleOne(tx: Tx, alertId: string): Promise<void> {
    const [alert] = (await tx.manager.query(
      `SELECT "id", "service_id" AS "serviceId", "dedup_key" AS "dedupKey", "summary", "source",
              "severity", "state", "suppressed", "last_emitted_at" AS "lastEmittedAt"
         FROM "alert" WHERE "id" = $1`,
      [alertId],
    )) as EmittedAlert[];
    if (!alert || alert.state !== 'triggered' || alert.suppressed !== null) return;
    const settings = await this.settings.read();
    if (!(settings.openFromAlertSeverities as string[]).includes(alert.severity)) return;
    await tx.lock(
      `incident-from-alert:${tx.organizationId}:${alert.serviceId ?? '-'}:${alert.dedupKey}`,
    );
    const emittedAt = alert.lastEmittedAt ?? new Date(0);
    const [seen] = (await tx.manager.query(
      `SELECT 1 FROM "incident_alert" WHERE "alert_id" = $1 AND "emitted_at" >= $2 LIMIT 1`,
      [alert.id, emittedAt],
    )) as unknown[];
    if (seen) return;
    // An alert's dedup key is unique in its organisation (a key that fires again is the same
    // alert), so "the open incident holding an alert of this service and key" is the open
    // incident linked to this alert: found through the link's index, not by joining the alerts.
    const [open] = (await tx.manager.query(
      `SELECT i."id" FROM "incident_alert" ia
         JOIN "incident" i ON i."id" = ia."incident_id"
        WHERE ia."organization_id" = $1 AND ia."alert_id" = $2
          AND i."status" NOT IN ('resolved', 'closed')
        ORDER BY i."created_at" DESC LIMIT 1`,
      [tx.organizationId, alert.id],
    )) as { id: string }[];
    if (open) {
      await this.markEmission(tx, open.id, alert.id, emittedAt);
      await this.timeline.append(tx, open.id, {
        kind: 'alert_linked',
        summary: `Alert fired again (${alert.severity}): ${alert.summary}`,
        details: {
          alertId: alert.id,
          dedupKey: alert.dedupKey,
          severity: alert.severity,
          emittedAt: emittedAt.toISOString(),
        },
        actor: SYSTEM_INCIDENT_ACTOR,
      });
      await this.incidents.publish(tx, open.id);
      return;
    }
    const incident = await this.incidents.createIn(tx, {
      title: titleOfAlert(alert.summary),
      severity: alert.severity,
      serviceId: alert.serviceId,
      reportedBy: { kind: 'system', userId: null, name: 'Hyperion (alerts)' },
      description:
        `Opened by Hyperion when the ${alert.severity} alert "${alert.summary}" fired` +
        `${alert.source ? ` (source: ${alert.source})` : ''}; dedup key ${alert.dedupKey}.`,
    });
    await this.incidents.linkAlerts(tx, incident.id, [alert.id]);
    await this.markEmission(tx, incident.id, alert.id, emittedAt);
  }

  /** Records the emission an incident took in, so a retried job does not take it in twice. */
  private async markEmission(
    tx: Tx,
    incidentId: string,
    alertId: string,
    emittedAt: Date,
  ): Promise<void> {
    await tx.manager.query(
      `UPDATE "incident_alert" SET "emitted_at" = $3 WHERE "incident_id" = $1 AND "alert_id" = $2`,
      [incidentId, alertId, emittedAt],
    );
  }
}
