import { AlertService } from '@hyperion/api/alerts';
import { Tx, UnitOfWork } from '@hyperion/api/core';
import type {
  AuditAction,
  IncidentAction,
  IncidentActor,
  IncidentChecklistItem,
  IncidentDetail,
  IncidentPhase,
  IncidentPhaseStamp,
} from '@hyperion/contracts';
import {
  INCIDENT_CHECKLIST_LABELS,
  INCIDENT_PHASE_LABELS,
  INCIDENT_STATUS_LABELS,
} from '@hyperion/contracts';
import { ConflictException, Injectable } from '@nestjs/common';

import type { IncidentActionDto } from './dto/incident-requests.dto';
import { IncidentEntity } from './entities/incident.entity';
import { IncidentCounters } from './incident-counters';
import { applyMove, IllegalMove } from './incident-lifecycle';
import { IncidentRepository, NewIncident } from './incident.repository';
import { IncidentService, incidentTarget, staleVersion } from './incident.service';
import { IncidentSettingsService } from './settings/incident-settings.service';
import { currentIncidentActor } from './timeline/incident-actor';
import { IncidentTimeline } from './timeline/incident-timeline';

const AUDIT: Record<IncidentAction, AuditAction> = {
  acknowledge: 'incident_acknowledged',
  start: 'incident_started',
  resolve: 'incident_resolved',
  close: 'incident_closed',
  reopen: 'incident_reopened',
};

/** What a move stamps on the row (its time and actor; the first acknowledgement and resolution). */
function stamps(
  row: IncidentEntity,
  action: IncidentAction,
  at: Date,
  by: IncidentActor,
): Partial<NewIncident> {
  const phase = (name: IncidentPhase) =>
    row.phases[name] ? {} : { [name]: { at: at.toISOString(), by } as IncidentPhaseStamp };
  switch (action) {
    case 'acknowledge':
      return {
        acknowledgedAt: at,
        acknowledgedBy: by,
        firstAcknowledgedAt: row.firstAcknowledgedAt ?? at,
        phases: { ...row.phases, ...phase('evaluation') },
      };
    case 'start':
      return { startedAt: at, startedBy: by };
    case 'resolve':
      return {
        resolvedAt: at,
        resolvedBy: by,
        firstResolvedAt: row.firstResolvedAt ?? at,
        phases: { ...row.phases, ...phase('resolution') },
      };
    case 'close':
      return { closedAt: at, closedBy: by };
    case 'reopen':
      return { reopenedAt: at, reopenedBy: by, reopenCount: row.reopenCount + 1 };
  }
}

/**
 * Where an incident stands: the lifecycle moves (each stamping its time and actor, 409 naming
 * the allowed moves otherwise), the test checklist and the procedure's phases. Each in one unit
 * of work, under the incident's row lock, with its audit row, timeline line and event.
 */
@Injectable()
export class IncidentMoves {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentService,
    private readonly repository: IncidentRepository,
    private readonly timeline: IncidentTimeline,
    private readonly settings: IncidentSettingsService,
    private readonly counters: IncidentCounters,
    private readonly alerts: AlertService,
  ) {}

  move(id: string, action: IncidentAction, dto: IncidentActionDto): Promise<IncidentDetail> {
    return this.uow.run(async (tx) => {
      const row = await this.locked(tx, id, dto.version);
      let to: IncidentEntity['status'];
      try {
        to = applyMove(row.status, action);
      } catch (error) {
        if (!(error instanceof IllegalMove)) throw error;
        throw new ConflictException({ message: error.message, allowed: error.allowed });
      }
      const at = new Date();
      const by = currentIncidentActor();
      await this.repository.updateVersioned(id, row.version, {
        status: to,
        ...stamps(row, action, at, by),
      });
      await this.timeline.append(tx, id, {
        kind: 'status_changed',
        summary: `Status: ${INCIDENT_STATUS_LABELS[row.status]} → ${INCIDENT_STATUS_LABELS[to]}`,
        body: dto.note ?? null,
        details: { action, from: row.status, to },
        at,
        actor: by,
      });
      let resolvedAlerts = 0;
      if (action === 'resolve') {
        const resolve = dto.resolveAlerts ?? (await this.settings.read()).resolveAlertsOnResolve;
        if (resolve) resolvedAlerts = await this.resolveAlerts(tx, id);
      }
      await tx.audit({
        action: AUDIT[action],
        target: incidentTarget(id),
        result: 'success',
        details: {
          number: row.number,
          from: row.status,
          to,
          ...(action === 'resolve' ? { resolvedAlerts } : {}),
        },
      });
      if (action === 'acknowledge' && !row.firstAcknowledgedAt) {
        const seconds = (at.getTime() - row.reportedAt.getTime()) / 1000;
        tx.afterCommit(() => this.counters.acknowledged(seconds));
      }
      await this.incidents.publish(tx, id);
      return this.incidents.detail(tx, await this.incidents.found(id));
    });
  }

  /** Ticks or unticks an item of the test checklist (nothing is written when it already is so). */
  checklist(id: string, item: IncidentChecklistItem, done: boolean): Promise<IncidentDetail> {
    return this.uow.run(async (tx) => {
      const row = await this.locked(tx, id);
      if (row.testChecklist[item]?.done === done) return this.incidents.detail(tx, row);
      const by = currentIncidentActor();
      const at = new Date();
      await this.repository.updateVersioned(id, row.version, {
        testChecklist: {
          ...row.testChecklist,
          [item]: {
            done,
            at: done ? at.toISOString() : null,
            by: done && by.userId ? { userId: by.userId, name: by.name } : null,
          },
        },
      });
      const label = INCIDENT_CHECKLIST_LABELS[item];
      await this.timeline.append(tx, id, {
        kind: 'checklist',
        summary: `Checklist: ${label} ${done ? 'ticked' : 'unticked'}`,
        details: { item, done },
        at,
        actor: by,
      });
      await tx.audit({
        action: 'incident_checklist_ticked',
        target: incidentTarget(id),
        result: 'success',
        details: { number: row.number, item, done },
      });
      await this.incidents.publish(tx, id);
      return this.incidents.detail(tx, await this.incidents.found(id));
    });
  }

  /** Stamps a phase of the procedure at `at` (default now); stamping it again moves it. */
  phase(id: string, phase: IncidentPhase, at: string | undefined): Promise<IncidentDetail> {
    return this.uow.run(async (tx) => {
      const row = await this.locked(tx, id);
      const by = currentIncidentActor();
      const when = at ? new Date(at) : new Date();
      await this.repository.updateVersioned(id, row.version, {
        phases: { ...row.phases, [phase]: { at: when.toISOString(), by } },
      });
      await this.timeline.append(tx, id, {
        kind: 'phase_reached',
        summary: `Phase reached: ${INCIDENT_PHASE_LABELS[phase]}`,
        details: { phase, ...(row.phases[phase] ? { previous: row.phases[phase]?.at } : {}) },
        at: when,
        actor: by,
      });
      await tx.audit({
        action: 'incident_phase_reached',
        target: incidentTarget(id),
        result: 'success',
        details: { number: row.number, phase, at: when.toISOString() },
      });
      await this.incidents.publish(tx, id);
      return this.incidents.detail(tx, await this.incidents.found(id));
    });
  }

  /** The incident locked; 409 when a version is given and is not the current one. */
  private async locked(tx: Tx, id: string, version?: number): Promise<IncidentEntity> {
    const row = await this.incidents.findForUpdate(tx, id);
    if (version !== undefined && version !== row.version) throw staleVersion(row.version);
    return row;
  }

  /** Resolves the incident's open alerts through the alerts lib, in this transaction. */
  private async resolveAlerts(tx: Tx, id: string): Promise<number> {
    const open = await this.repository.openAlertIds(id);
    if (open.length === 0) return 0;
    const { changed } = await this.alerts.bulk(open, { action: 'resolve' });
    if (changed.length > 0) {
      await this.timeline.append(tx, id, {
        kind: 'alert_resolved',
        summary: `${changed.length} linked alert${changed.length === 1 ? '' : 's'} resolved with the incident`,
        details: { alertIds: changed },
      });
    }
    return changed.length;
  }
}
