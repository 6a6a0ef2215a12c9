import { Tx, UnitOfWork } from '@hyperion/api/core';
import type {
  StatusPageComponentRef,
  StatusPageIncident,
  StatusPageMaintenance,
} from '@hyperion/contracts';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import {
  CreateStatusPageMaintenanceDto,
  PostStatusPageIncidentUpdateDto,
  UpdateStatusPageMaintenanceDto,
} from '../dto/status-page.dto';
import { StatusPageIncidentEntity } from '../entities/status-page-incident.entity';
import { StatusPageMaintenanceEntity } from '../entities/status-page-maintenance.entity';
import { StatusPageEntity } from '../entities/status-page.entity';
import { StatusPageRepository } from '../status-page.repository';
import { currentOrNextWindow, normaliseRrule } from './maintenance-windows';
import { StatusContentRepository, UpdateRow } from './status-content.repository';
import { mails } from './status-mailer';
import { StatusNotifyJob } from './status-notifier';
import { StatusPageCache } from './status-page-cache';

export function toMaintenance(row: StatusPageMaintenanceEntity, now: Date): StatusPageMaintenance {
  const window = currentOrNextWindow(row, now);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    startsAt: row.startsAt.toISOString(),
    durationMinutes: row.durationMinutes,
    rrule: row.rrule,
    affects: row.affects,
    nextWindow: window
      ? { start: window.start.toISOString(), end: window.end.toISOString() }
      : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toIncident(
  row: StatusPageIncidentEntity,
  updates: readonly UpdateRow[],
): StatusPageIncident {
  return {
    incidentId: row.incidentId,
    title: row.title,
    status: row.status,
    updates: updates
      .filter((u) => u.pageIncidentId === row.id)
      .map((u) => ({
        id: u.id,
        status: u.status,
        message: u.message,
        createdAt: u.createdAt.toISOString(),
      })),
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}

/** `status_page:<id>`: the audit log's target of everything a page publishes. */
const target = (pageId: string) => `status_page:${pageId}`;

/**
 * What a page publishes beyond its components: maintenance windows and public incident
 * updates. Each command locks the page's row (one change of a page at a time), writes its audit
 * row, queues the subscribers' emails through the outbox (sent once the change commits, never
 * for one that rolled back), and refreshes the public rendering after commit.
 */
@Injectable()
export class StatusContentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pages: StatusPageRepository,
    private readonly content: StatusContentRepository,
    private readonly cache: StatusPageCache,
  ) {}

  listMaintenance(pageId: string): Promise<StatusPageMaintenance[]> {
    return this.uow.run(async () => {
      await this.page(pageId, false);
      const now = new Date();
      return (await this.content.listMaintenance(pageId)).map((m) => toMaintenance(m, now));
    });
  }

  async createMaintenance(
    pageId: string,
    dto: CreateStatusPageMaintenanceDto,
  ): Promise<StatusPageMaintenance> {
    const startsAt = new Date(dto.startsAt);
    const rrule = dto.rrule === undefined ? null : checkedRrule(dto.rrule, startsAt);
    return this.uow.run(async (tx) => {
      const page = await this.page(pageId, true);
      const row = await this.content.createMaintenance(pageId, {
        title: dto.title,
        description: dto.description ?? '',
        startsAt,
        durationMinutes: dto.durationMinutes,
        rrule,
        affects: await this.checkedAffects(pageId, dto.affects ?? []),
      });
      await tx.audit({
        action: 'status_page_maintenance_created',
        target: target(pageId),
        result: 'success',
        details: { maintenanceId: row.id, title: row.title, startsAt: dto.startsAt, rrule },
      });
      if (dto.notifySubscribers !== false) {
        await this.notify(tx, page, { pageId, subject: 'maintenance', id: row.id });
      }
      tx.afterCommit(() => this.cache.invalidate(page.slug));
      return toMaintenance(row, new Date());
    });
  }

  async updateMaintenance(
    pageId: string,
    id: string,
    dto: UpdateStatusPageMaintenanceDto,
  ): Promise<StatusPageMaintenance> {
    if (dto.clear?.includes('rrule') && dto.rrule !== undefined) {
      throw new BadRequestException('clear: rrule is both given and cleared');
    }
    return this.uow.run(async (tx) => {
      const page = await this.page(pageId, true);
      const row = await this.content.findMaintenance(pageId, id);
      if (!row) throw new NotFoundException('Maintenance window not found');
      const startsAt = dto.startsAt ? new Date(dto.startsAt) : row.startsAt;
      const given = dto.clear?.includes('rrule') ? null : (dto.rrule ?? row.rrule);
      // A rule is checked against the start it repeats from: a new start checks it again.
      const rrule = given === null ? null : checkedRrule(given, startsAt);
      const updated = await this.content.updateMaintenance(row, {
        title: dto.title ?? row.title,
        description: dto.description ?? row.description,
        startsAt,
        durationMinutes: dto.durationMinutes ?? row.durationMinutes,
        rrule,
        affects: dto.affects ? await this.checkedAffects(pageId, dto.affects) : row.affects,
      });
      await tx.audit({
        action: 'status_page_maintenance_updated',
        target: target(pageId),
        result: 'success',
        details: { maintenanceId: id, title: updated.title, rrule },
      });
      tx.afterCommit(() => this.cache.invalidate(page.slug));
      return toMaintenance(updated, new Date());
    });
  }

  deleteMaintenance(pageId: string, id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const page = await this.page(pageId, true);
      const row = await this.content.findMaintenance(pageId, id);
      if (!row) throw new NotFoundException('Maintenance window not found');
      await this.content.deleteMaintenance(id);
      await tx.audit({
        action: 'status_page_maintenance_deleted',
        target: target(pageId),
        result: 'success',
        details: { maintenanceId: id, title: row.title },
      });
      tx.afterCommit(() => this.cache.invalidate(page.slug));
    });
  }

  listIncidents(pageId: string): Promise<StatusPageIncident[]> {
    return this.uow.run(async () => {
      await this.page(pageId, false);
      const rows = await this.content.listIncidents(pageId);
      const updates = await this.content.updatesOf(rows.map((r) => r.id));
      return rows.map((r) => toIncident(r, updates));
    });
  }

  /**
   * A public update of an incident of this organisation; the first publishes the incident on
   * the page (titled as the incident unless `title` says otherwise). Confirmed subscribers are
   * mailed about it once.
   */
  postUpdate(
    pageId: string,
    incidentId: string,
    dto: PostStatusPageIncidentUpdateDto,
  ): Promise<StatusPageIncident> {
    return this.uow.run(async (tx) => {
      const page = await this.page(pageId, true);
      const incidentTitle = await this.content.incidentTitle(incidentId);
      if (incidentTitle === null) throw new NotFoundException('Incident not found');
      const existing = await this.content.findIncident(pageId, incidentId);
      const published = existing
        ? await this.content.saveIncident(existing, {
            title: dto.title ?? existing.title,
            status: dto.status,
          })
        : await this.content.createIncident(
            pageId,
            incidentId,
            dto.title ?? incidentTitle.slice(0, 200),
            dto.status,
          );
      const update = await this.content.addUpdate(published.id, dto.status, dto.message);
      await tx.audit({
        action: 'status_page_incident_updated',
        target: target(pageId),
        result: 'success',
        details: { incidentId, status: dto.status, title: published.title, first: !existing },
      });
      await this.notify(tx, page, { pageId, subject: 'incident-update', id: update.id });
      tx.afterCommit(() => this.cache.invalidate(page.slug));
      return toIncident(published, await this.content.updatesOf([published.id]));
    });
  }

  /** Takes an incident off the page, with its public updates (the incident itself stays). */
  removeIncident(pageId: string, incidentId: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const page = await this.page(pageId, true);
      const row = await this.content.findIncident(pageId, incidentId);
      if (!row) throw new NotFoundException('This incident is not on the page');
      await this.content.deleteIncident(row.id);
      await tx.audit({
        action: 'status_page_incident_removed',
        target: target(pageId),
        result: 'success',
        details: { incidentId, title: row.title },
      });
      tx.afterCommit(() => this.cache.invalidate(page.slug));
    });
  }

  /** The page (locked for a change), 404 when it is not this organisation's. */
  private async page(id: string, lock: boolean): Promise<StatusPageEntity> {
    const row = lock ? await this.pages.lock(id) : await this.pages.findById(id);
    if (!row) throw new NotFoundException('Status page not found');
    return row;
  }

  /** The subscribers' emails about an item, queued to go after commit (if the page mails). */
  private async notify(tx: Tx, page: StatusPageEntity, job: StatusNotifyJob): Promise<void> {
    if (!page.published || !mails(page)) return;
    await tx.enqueue(QUEUES.statusPages, JOBS.statusPageNotify, { ...job });
  }

  /** 400 naming the entry for a component that is not on the page; repeats dropped. */
  private async checkedAffects(
    pageId: string,
    affects: readonly StatusPageComponentRef[],
  ): Promise<StatusPageComponentRef[]> {
    const onPage = new Set(
      (await this.pages.components(pageId)).map((c) => `${c.kind}:${c.targetId}`),
    );
    const kept = new Map<string, StatusPageComponentRef>();
    affects.forEach((ref, i) => {
      const key = `${ref.kind}:${ref.id}`;
      if (!onPage.has(key)) {
        throw new BadRequestException(
          `affects[${i}]: this ${ref.kind} is not a component of the page`,
        );
      }
      kept.set(key, { kind: ref.kind, id: ref.id });
    });
    return [...kept.values()];
  }
}

/** The rule normalised, or 400 naming `rrule`. */
function checkedRrule(rrule: string, startsAt: Date): string {
  try {
    return normaliseRrule(rrule, startsAt);
  } catch (error) {
    throw new BadRequestException(`rrule: ${(error as Error).message}`);
  }
}
