import { UnitOfWork } from '@hyperion/api/core';
import type { IncidentTimelineEntry } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { IncidentService, incidentTarget } from '../incident.service';
import { currentIncidentActor } from './incident-actor';
import { IncidentTimeline } from './incident-timeline';

/**
 * What people add to an incident's timeline: comments, notes (placed at the time they tell of),
 * pins. Each in one unit of work with its audit row and the incident's `incidents:changed`.
 */
@Injectable()
export class IncidentNotesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentService,
    private readonly timeline: IncidentTimeline,
  ) {}

  list(incidentId: string): Promise<IncidentTimelineEntry[]> {
    return this.uow.run(async (tx) => {
      await this.incidents.found(incidentId);
      return this.timeline.list(tx, incidentId);
    });
  }

  comment(incidentId: string, body: string): Promise<IncidentTimelineEntry> {
    return this.uow.run(async (tx) => {
      const row = await this.incidents.found(incidentId);
      const actor = currentIncidentActor();
      const entry = await this.timeline.append(tx, incidentId, {
        kind: 'comment',
        summary: `Comment by ${actor.name}`,
        body,
        actor,
      });
      await tx.audit({
        action: 'incident_commented',
        target: incidentTarget(incidentId),
        result: 'success',
        details: { number: row.number, entryId: entry.id, length: body.length },
      });
      await this.incidents.publish(tx, incidentId);
      return entry;
    });
  }

  note(incidentId: string, body: string, at: string | undefined): Promise<IncidentTimelineEntry> {
    return this.uow.run(async (tx) => {
      const row = await this.incidents.found(incidentId);
      const actor = currentIncidentActor();
      const entry = await this.timeline.append(tx, incidentId, {
        kind: 'note',
        summary: `Note by ${actor.name}`,
        body,
        actor,
        at: at ? new Date(at) : undefined,
      });
      await tx.audit({
        action: 'incident_note_added',
        target: incidentTarget(incidentId),
        result: 'success',
        details: { number: row.number, entryId: entry.id, at: entry.at },
      });
      await this.incidents.publish(tx, incidentId);
      return entry;
    });
  }

  pin(incidentId: string, entryId: string, pinned: boolean): Promise<IncidentTimelineEntry> {
    return this.uow.run(async (tx) => {
      const row = await this.incidents.found(incidentId);
      const entry = await this.timeline.setPinned(tx, incidentId, entryId, pinned);
      await tx.audit({
        action: 'incident_entry_pinned',
        target: incidentTarget(incidentId),
        result: 'success',
        details: { number: row.number, entryId, pinned },
      });
      await this.incidents.publish(tx, incidentId);
      return entry;
    });
  }
}
