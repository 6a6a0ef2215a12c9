import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { PostmortemDetail, PostmortemFields } from '@hyperion/contracts';
import { INCIDENT_STATUS_LABELS } from '@hyperion/contracts';
import { ConflictException, Injectable } from '@nestjs/common';

import { IncidentMoves } from '../../incident-moves.service';
import { IncidentService, incidentTarget } from '../../incident.service';
import { IncidentTimeline } from '../../timeline/incident-timeline';
import { ActionItemRepository } from '../action-items/action-item.repository';
import { SavePostmortemDto } from '../dto/records.dto';
import { toMarkdown } from '../export/markdown';
import { postmortemDocument } from './postmortem-document';
import { draftTimeline } from './postmortem-draft';
import { PostmortemRepository, StoredPostmortem } from './postmortem.repository';

const fieldsOf = (dto: SavePostmortemDto): PostmortemFields => ({
  summary: dto.summary,
  rootCause: dto.rootCause,
  impact: dto.impact,
  timeline: dto.timeline.map((line) => ({ at: new Date(line.at).toISOString(), text: line.text })),
  wentWell: dto.wentWell,
  wentBadly: dto.wentBadly,
  status: dto.status,
});

/**
 * The post-mortem of an incident: read (the saved one, or a draft pre-filled from the incident's
 * sheet and timeline), saved with optimistic concurrency once the incident is resolved or closed
 * (publishing stamps the procedure's post-mortem phase), exported as Markdown.
 */
@Injectable()
export class PostmortemService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly postmortems: PostmortemRepository,
    private readonly actionItems: ActionItemRepository,
    private readonly incidents: IncidentService,
    private readonly moves: IncidentMoves,
    private readonly timeline: IncidentTimeline,
  ) {}

  get(incidentId: string): Promise<PostmortemDetail> {
    return this.uow.run(async () => (await this.read(incidentId)).postmortem);
  }

  save(incidentId: string, dto: SavePostmortemDto): Promise<PostmortemDetail> {
    return this.uow.run(async (tx) => {
      const incident = await this.incidents.findForUpdate(tx, incidentId);
      if (incident.status !== 'resolved' && incident.status !== 'closed') {
        throw new ConflictException(
          `A post-mortem needs a resolved or closed incident; this one is ${INCIDENT_STATUS_LABELS[
            incident.status
          ].toLowerCase()}`,
        );
      }
      const fields = fieldsOf(dto);
      const existing = await this.postmortems.find(tx, incidentId);
      const actor = RequestContext.current()?.actor;
      const saved =
        dto.version === 0
          ? existing
            ? null
            : await this.postmortems.insert(
                tx,
                incidentId,
                fields,
                actor?.type === 'user' ? actor.id : null,
              )
          : await this.postmortems.update(tx, incidentId, dto.version, fields);
      if (!saved) {
        throw new ConflictException(
          `version: the post-mortem changed since you read it (it is now at version ${
            existing?.version ?? 0
          }); reload it and try again`,
        );
      }
      const published = saved.status === 'published' && existing?.status !== 'published';
      const details = {
        number: incident.number,
        version: saved.version,
        status: saved.status,
        ...(existing ? { previousStatus: existing.status } : {}),
      };
      await tx.audit({
        action: 'incident_postmortem_saved',
        target: incidentTarget(incidentId),
        result: 'success',
        details,
      });
      await this.timeline.append(tx, incidentId, {
        kind: 'postmortem',
        summary: published
          ? 'Post-mortem published'
          : `Post-mortem saved (${saved.status === 'draft' ? 'draft' : 'published'}, version ${saved.version})`,
        details,
      });
      if (published && !incident.phases.post_mortem) {
        // Stamps the phase (its own timeline line and audit row) and announces the incident.
        await this.moves.phase(incidentId, 'post_mortem', undefined);
      } else {
        await this.incidents.publish(tx, incidentId);
      }
      return this.detail(incidentId, saved, await this.actionItems.list(tx, { incidentId }));
    });
  }

  /** The post-mortem as Markdown, with its file name. */
  markdown(incidentId: string): Promise<{ filename: string; body: string }> {
    return this.uow.run(async () => {
      const { incident, postmortem } = await this.read(incidentId);
      return {
        filename: `incident-${String(incident.number).padStart(3, '0')}-postmortem.md`,
        body: toMarkdown(postmortemDocument(incident, postmortem, new Date())),
      };
    });
  }

  private async read(incidentId: string) {
    return this.uow.run(async (tx) => {
      const incident = await this.incidents.found(incidentId);
      const saved = await this.postmortems.find(tx, incidentId);
      const items = await this.actionItems.list(tx, { incidentId });
      if (saved) return { incident, postmortem: this.detail(incidentId, saved, items) };
      // Not saved yet: a draft from the sheet and the timeline's notable lines.
      const draft: PostmortemDetail = {
        incidentId,
        summary: incident.description,
        rootCause: incident.analysis?.probableCause ?? '',
        impact: incident.analysis?.userImpact ?? '',
        timeline: draftTimeline(await this.timeline.list(tx, incidentId)),
        wentWell: '',
        wentBadly: '',
        status: 'draft',
        version: 0,
        createdAt: null,
        updatedAt: null,
        actionItems: items,
      };
      return { incident, postmortem: draft };
    });
  }

  private detail(
    incidentId: string,
    saved: StoredPostmortem,
    actionItems: PostmortemDetail['actionItems'],
  ): PostmortemDetail {
    return {
      incidentId,
      summary: saved.summary,
      rootCause: saved.rootCause,
      impact: saved.impact,
      timeline: saved.timeline,
      wentWell: saved.wentWell,
      wentBadly: saved.wentBadly,
      status: saved.status,
      version: saved.version,
      createdAt: saved.createdAt.toISOString(),
      updatedAt: saved.updatedAt.toISOString(),
      actionItems,
    };
  }
}
