import { UnitOfWork } from '@hyperion/api/core';
import type { StatusPageIncidentStatus } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';

import { StatusPageIncidentUpdateEntity } from '../entities/status-page-incident-update.entity';
import { StatusPageIncidentEntity } from '../entities/status-page-incident.entity';
import { StatusPageMaintenanceEntity } from '../entities/status-page-maintenance.entity';

export type MaintenanceFields = Pick<
  StatusPageMaintenanceEntity,
  'title' | 'description' | 'startsAt' | 'durationMinutes' | 'rrule' | 'affects'
>;

/** A public update as listed (the admin API, the page's incidents). */
export type UpdateRow = Pick<
  StatusPageIncidentUpdateEntity,
  'id' | 'pageIncidentId' | 'status' | 'message' | 'createdAt'
>;

/** Updates listed per incident in the admin API (the newest). */
const UPDATES_LISTED = 100;
const INCIDENTS_LISTED = 100;

/**
 * The only place that touches TypeORM for what a page publishes: its incidents and their public
 * updates, and its maintenance windows. Every call runs inside a unit of work of the page's
 * organisation (row-level security applies). The incidents themselves are the incidents lib's:
 * only their title is read here, to name a newly published one.
 */
@Injectable()
export class StatusContentRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get incidents(): Repository<StatusPageIncidentEntity> {
    return this.uow.manager.getRepository(StatusPageIncidentEntity);
  }

  private get updates(): Repository<StatusPageIncidentUpdateEntity> {
    return this.uow.manager.getRepository(StatusPageIncidentUpdateEntity);
  }

  private get windows(): Repository<StatusPageMaintenanceEntity> {
    return this.uow.manager.getRepository(StatusPageMaintenanceEntity);
  }

  /** The incident's own title (incidents lib), or null when the organisation has no such incident. */
  async incidentTitle(incidentId: string): Promise<string | null> {
    const rows = (await this.uow.manager.query(`SELECT "title" FROM "incident" WHERE "id" = $1`, [
      incidentId,
    ])) as { title: string }[];
    return rows[0]?.title ?? null;
  }

  findIncident(pageId: string, incidentId: string): Promise<StatusPageIncidentEntity | null> {
    return this.incidents.findOneBy({ pageId, incidentId });
  }

  listIncidents(pageId: string): Promise<StatusPageIncidentEntity[]> {
    return this.incidents.find({
      where: { pageId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: INCIDENTS_LISTED,
    });
  }

  /** The updates of these published incidents, newest first (at most UPDATES_LISTED each). */
  async updatesOf(pageIncidentIds: readonly string[]): Promise<UpdateRow[]> {
    if (pageIncidentIds.length === 0) return [];
    return (await this.uow.manager.query(
      `SELECT "id", "page_incident_id" AS "pageIncidentId",
              "status", "message", "created_at" AS "createdAt"
         FROM (SELECT *, row_number() OVER (PARTITION BY "page_incident_id"
                                            ORDER BY "created_at" DESC, "id") AS "n"
                 FROM "status_page_incident_update"
                WHERE "organization_id" = $1 AND "page_incident_id" = ANY($2::uuid[])) u
        WHERE "n" <= ${UPDATES_LISTED}
        ORDER BY "created_at" DESC, "id"`,
      [this.uow.organizationId, pageIncidentIds],
    )) as UpdateRow[];
  }

  createIncident(
    pageId: string,
    incidentId: string,
    title: string,
    status: StatusPageIncidentStatus,
  ): Promise<StatusPageIncidentEntity> {
    return this.incidents.save(
      this.incidents.create({
        organizationId: this.uow.organizationId,
        pageId,
        incidentId,
        title,
        status,
        resolvedAt: status === 'resolved' ? new Date() : null,
      }),
    );
  }

  /** Moves a published incident to the status of its newest update (and renames it in public). */
  saveIncident(
    row: StatusPageIncidentEntity,
    fields: { title: string; status: StatusPageIncidentStatus },
  ): Promise<StatusPageIncidentEntity> {
    const resolvedAt =
      fields.status === 'resolved'
        ? row.status === 'resolved'
          ? row.resolvedAt
          : new Date()
        : null;
    return this.incidents.save(this.incidents.merge(row, { ...fields, resolvedAt }));
  }

  addUpdate(
    pageIncidentId: string,
    status: StatusPageIncidentStatus,
    message: string,
  ): Promise<StatusPageIncidentUpdateEntity> {
    return this.updates.save(
      this.updates.create({
        organizationId: this.uow.organizationId,
        pageIncidentId,
        status,
        message,
      }),
    );
  }

  /** An update with the public title of its incident and the page it is on. */
  async updateWithIncident(
    updateId: string,
  ): Promise<{ update: StatusPageIncidentUpdateEntity; title: string; pageId: string } | null> {
    const update = await this.updates.findOneBy({ id: updateId });
    if (!update) return null;
    const incident = await this.incidents.findOneBy({ id: update.pageIncidentId });
    return incident ? { update, title: incident.title, pageId: incident.pageId } : null;
  }

  async deleteIncident(id: string): Promise<void> {
    await this.incidents.delete({ id });
  }

  listMaintenance(pageId: string): Promise<StatusPageMaintenanceEntity[]> {
    return this.windows.find({ where: { pageId }, order: { startsAt: 'ASC', id: 'ASC' } });
  }

  findMaintenance(pageId: string, id: string): Promise<StatusPageMaintenanceEntity | null> {
    return this.windows.findOneBy({ pageId, id });
  }

  findMaintenanceById(id: string): Promise<StatusPageMaintenanceEntity | null> {
    return this.windows.findOneBy({ id });
  }

  createMaintenance(
    pageId: string,
    fields: MaintenanceFields,
  ): Promise<StatusPageMaintenanceEntity> {
    return this.windows.save(
      this.windows.create({ ...fields, pageId, organizationId: this.uow.organizationId }),
    );
  }

  updateMaintenance(
    row: StatusPageMaintenanceEntity,
    fields: Partial<MaintenanceFields>,
  ): Promise<StatusPageMaintenanceEntity> {
    return this.windows.save(this.windows.merge(row, fields));
  }

  async deleteMaintenance(id: string): Promise<void> {
    await this.windows.delete({ id });
  }
}
