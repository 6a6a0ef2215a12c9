import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';

import { IncidentService } from '../../incident.service';
import { IncidentTimeline } from '../../timeline/incident-timeline';
import { incidentSheet } from './incident-sheet';
import { toMarkdown } from './markdown';
import { toPdf } from './pdf';
import { ExportDocument } from './sheet-document';

/** The anomaly sheet of an incident as a file: Markdown or PDF, the same content. */
@Injectable()
export class ExportService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentService,
    private readonly timeline: IncidentTimeline,
  ) {}

  async markdown(id: string): Promise<{ filename: string; body: string }> {
    const { name, doc } = await this.sheet(id);
    return { filename: `${name}.md`, body: toMarkdown(doc) };
  }

  async pdf(id: string): Promise<{ filename: string; body: Buffer }> {
    const { name, doc } = await this.sheet(id);
    return { filename: `${name}.pdf`, body: await toPdf(doc) };
  }

  private sheet(id: string): Promise<{ name: string; doc: ExportDocument }> {
    return this.uow.run(async (tx) => {
      const detail = await this.incidents.detail(tx, await this.incidents.found(id));
      const timeline = await this.timeline.list(tx, id);
      return {
        name: `incident-${String(detail.number).padStart(3, '0')}`,
        doc: incidentSheet(detail, timeline, detail.attachments, new Date()),
      };
    });
  }
}
