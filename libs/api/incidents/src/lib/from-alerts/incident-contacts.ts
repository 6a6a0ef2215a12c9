import { UnitOfWork } from '@hyperion/api/core';
import { TargetNotifier } from '@hyperion/api/notifications';
import type { IncidentSeverity, NotificationSeverity } from '@hyperion/contracts';
import { INCIDENT_SEVERITY_SHEET_LABELS } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { IncidentService } from '../incident.service';
import { IncidentSettingsService } from '../settings/incident-settings.service';
import { SYSTEM_INCIDENT_ACTOR } from '../timeline/incident-actor';
import { IncidentTimeline } from '../timeline/incident-timeline';

const NOTIFICATION_SEVERITY: Record<IncidentSeverity, NotificationSeverity> = {
  critical: 'critical',
  high: 'high',
  medium: 'warning',
  low: 'info',
};

/**
 * The contacts of an incident's severity (operational-procedures.md "Contacts d'urgence":
 * critical → CTO + Lead Dev + DevOps … low → Support, each a team, a person, a schedule or a
 * channel in the settings), told once that the incident opened (JOBS.incidentContacts, queued
 * with the incident). The `notification` phase is stamped with it, so a retried job sends nothing
 * again; the deliveries' and pages' idempotency keys make sure of it too.
 */
@Injectable()
export class IncidentContacts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentService,
    private readonly settings: IncidentSettingsService,
    private readonly timeline: IncidentTimeline,
    private readonly targets: TargetNotifier,
  ) {}

  notify(incidentId: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.incidents.findForUpdate(tx, incidentId);
      if (row.phases.notification) return;
      const rule = (await this.settings.read()).contacts[row.severity];
      const detail = await this.incidents.summary(tx, row.id);
      const label = `#${String(row.number).padStart(3, '0')}`;
      const result = await this.targets.notify(tx, {
        targets: rule.targets,
        channelKinds: rule.channelKinds,
        urgency: row.severity === 'critical' || row.severity === 'high' ? 'high' : 'low',
        idempotencyPrefix: `incident:${row.id}:contacts`,
        message: {
          title: `[${row.severity.toUpperCase()}] Incident ${label}: ${row.title}`,
          summary: (row.description || row.title).slice(0, 4000),
          severity: NOTIFICATION_SEVERITY[row.severity],
          service: detail.serviceName ?? 'Hyperion',
          status: 'open',
          timestamp: new Date().toISOString(),
          details: {
            incident: label,
            severity: `${row.severity} (${INCIDENT_SEVERITY_SHEET_LABELS[row.severity]})`,
            contacts: rule.label,
          },
        },
        details: { incident: label, severity: row.severity },
      });
      const at = new Date();
      // Not a change of the sheet: the version stays, so nobody's edit in progress is refused.
      await tx.manager.query(
        `UPDATE "incident" SET "phases" = "phases" || jsonb_build_object('notification', $2::jsonb)
          WHERE "id" = $1`,
        [row.id, JSON.stringify({ at: at.toISOString(), by: SYSTEM_INCIDENT_ACTOR })],
      );
      const sent = result.deliveryIds.length + result.pageIds.length;
      await this.timeline.append(tx, row.id, {
        kind: 'notification_sent',
        summary:
          sent > 0
            ? `Contacts for ${row.severity} (${rule.label}) notified: ` +
              `${result.deliveryIds.length} channel message(s), ${result.pageIds.length} page(s)` +
              `${result.reached.size > 0 ? ` by ${[...result.reached].sort().join(', ')}` : ''}`
            : `Nobody could be notified for ${row.severity} (${rule.label}): ` +
              (result.problems.join('; ') || 'no contact set in the incident settings'),
        details: {
          deliveryIds: result.deliveryIds,
          pageIds: result.pageIds,
          reached: [...result.reached].sort(),
          problems: result.problems,
        },
        at,
        actor: SYSTEM_INCIDENT_ACTOR,
      });
      await this.incidents.publish(tx, row.id);
    });
  }
}
