import { UnitOfWork } from '@hyperion/api/core';
import type { StatusPageComponentKind } from '@hyperion/contracts';
import { ConflictException, Injectable } from '@nestjs/common';
import { QueryFailedError, Repository } from 'typeorm';

import { StatusPageComponentEntity } from './entities/status-page-component.entity';
import { StatusPageEntity } from './entities/status-page.entity';

/** The fields a use case sets; the organisation comes from the unit of work. */
export type StatusPageFields = Pick<
  StatusPageEntity,
  'slug' | 'name' | 'description' | 'published' | 'showPostmortems' | 'publicUrl' | 'emailChannelId'
>;

/** One component of a page, in its place, with the name of what it shows. */
export interface ComponentRow {
  groupName: string;
  kind: StatusPageComponentKind;
  targetId: string;
  displayName: string | null;
  /** The monitor's or service's own name. */
  targetName: string;
}

/** A component to write: its group and place come from the order of the list. */
export interface ComponentPlacement {
  groupName: string;
  groupPosition: number;
  position: number;
  kind: StatusPageComponentKind;
  targetId: string;
  displayName: string | null;
}

/** 409 for a name or slug already taken in this organisation (PostgreSQL's unique violation). */
function uniqueConflict(error: unknown, row: StatusPageEntity): ConflictException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }
  ).driverError;
  if (driverError?.code !== '23505') return null;
  if (driverError.constraint === 'status_page_organization_name_key') {
    return new ConflictException(`A status page named "${row.name}" already exists`);
  }
  if (driverError.constraint === 'status_page_organization_slug_key') {
    return new ConflictException(`slug: "${row.slug}" is already the address of a status page`);
  }
  return null;
}

/**
 * The only place that touches TypeORM for status pages and their components. Every call runs
 * inside a unit of work (`UnitOfWork.run`): its EntityManager carries the organisation, so
 * row-level security keeps other organisations' rows out of every query (the lookup by slug
 * runs with the `status_page_slug` lookup set).
 */
@Injectable()
export class StatusPageRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<StatusPageEntity> {
    return this.uow.manager.getRepository(StatusPageEntity);
  }

  list(): Promise<StatusPageEntity[]> {
    return this.rows.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<StatusPageEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** The page of a slug, of any organisation (call with the lookup `status_page_slug` set). */
  findBySlug(slug: string): Promise<StatusPageEntity | null> {
    return this.rows.findOneBy({ slug });
  }

  /** Whether a page other than `exceptId` has this slug, in any organisation (lookup set). */
  async slugTaken(slug: string, exceptId: string | null): Promise<boolean> {
    const rows = (await this.uow.manager.query(
      `SELECT 1 FROM "status_page" WHERE "slug" = $1 AND "id" IS DISTINCT FROM $2 LIMIT 1`,
      [slug, exceptId],
    )) as unknown[];
    return rows.length > 0;
  }

  create(fields: StatusPageFields): Promise<StatusPageEntity> {
    return this.save(this.rows.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(row: StatusPageEntity, fields: Partial<StatusPageFields>): Promise<StatusPageEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  /** Takes the page's row lock until commit (changes to one page's parts serialise on it). */
  async lock(id: string): Promise<StatusPageEntity | null> {
    return this.rows.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The page's components in order, with the names of the monitors and services they show. */
  async components(pageId: string): Promise<ComponentRow[]> {
    return (await this.uow.manager.query(
      `SELECT c."group_name" AS "groupName",
              CASE WHEN c."monitor_id" IS NOT NULL THEN 'monitor' ELSE 'service' END AS "kind",
              COALESCE(c."monitor_id", c."service_id") AS "targetId",
              c."display_name" AS "displayName",
              COALESCE(m."name", s."name") AS "targetName"
         FROM "status_page_component" c
         LEFT JOIN "monitor" m ON m."id" = c."monitor_id"
         LEFT JOIN "service" s ON s."id" = c."service_id"
        WHERE c."page_id" = $1
        ORDER BY c."group_position", c."position"`,
      [pageId],
    )) as ComponentRow[];
  }

  /** Replaces the page's layout with these components (already checked). */
  async replaceComponents(
    pageId: string,
    placements: readonly ComponentPlacement[],
  ): Promise<void> {
    const components = this.uow.manager.getRepository(StatusPageComponentEntity);
    await components.delete({ pageId });
    if (placements.length === 0) return;
    await components.insert(
      placements.map((p) => ({
        organizationId: this.uow.organizationId,
        pageId,
        groupName: p.groupName,
        groupPosition: p.groupPosition,
        position: p.position,
        monitorId: p.kind === 'monitor' ? p.targetId : null,
        serviceId: p.kind === 'service' ? p.targetId : null,
        displayName: p.displayName,
      })),
    );
  }

  /** Which of these ids are monitors (or services) of this organisation. */
  async existingTargets(
    kind: StatusPageComponentKind,
    ids: readonly string[],
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const table = kind === 'monitor' ? 'monitor' : 'service';
    const rows = (await this.uow.manager.query(
      `SELECT "id" FROM "${table}" WHERE "id" = ANY($1::uuid[])`,
      [ids],
    )) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  private async save(row: StatusPageEntity): Promise<StatusPageEntity> {
    try {
      return await this.rows.save(row);
    } catch (error) {
      throw uniqueConflict(error, row) ?? error;
    }
  }
}
