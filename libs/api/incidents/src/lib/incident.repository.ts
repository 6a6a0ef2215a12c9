import { UnitOfWork } from '@hyperion/api/core';
import type { IncidentAlertLink, IncidentPerson, IncidentSort } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { In, Repository } from 'typeorm';

import { IncidentEntity } from './entities/incident.entity';
import { CursorKey } from './incident-cursor';
import { incidentSearchQuery } from './incident-search';

/** The columns of a new incident; id and timestamps come from the database. */
export type NewIncident = Omit<
  IncidentEntity,
  'id' | 'organizationId' | 'createdAt' | 'updatedAt' | 'organization'
>;

/** The filters of one page of the list (already checked by the DTO). */
export interface IncidentPageQuery {
  statuses: string[];
  severities: string[];
  module?: string;
  serviceId?: string;
  assigneeId?: string;
  q?: string;
  from?: string;
  to?: string;
  sort: IncidentSort;
  after: CursorKey | null;
  limit: number;
}

/** An incident's id and its sort key as PostgreSQL writes it (microseconds kept). */
export interface PageRow {
  id: string;
  at: string;
  rank: number;
}

const AT_TEXT = (column: string) =>
  `to_char("${column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Up to this many matches, a search lists them by id; beyond, matches are common enough that
 * walking the sort's index meets a page of them quickly.
 */
const FEW_MATCHES = 500;

/** ORDER BY and the keyset condition of each sort (matching the keyset indexes). */
const SORTS: Record<IncidentSort, { key: string[]; direction: 'ASC' | 'DESC'; at: string }> = {
  newest: { key: ['reported_at', 'id'], direction: 'DESC', at: 'reported_at' },
  oldest: { key: ['reported_at', 'id'], direction: 'ASC', at: 'reported_at' },
  updated: { key: ['updated_at', 'id'], direction: 'DESC', at: 'updated_at' },
  // Most severe first, then the longest waiting.
  severity: { key: ['severity_rank', 'reported_at', 'id'], direction: 'ASC', at: 'reported_at' },
};

/**
 * The only TypeORM code of incidents, their linked alerts and the people and services they
 * name. Every call runs inside a unit of work: row-level security keeps other organisations'
 * rows out of every query.
 */
@Injectable()
export class IncidentRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<IncidentEntity> {
    return this.uow.manager.getRepository(IncidentEntity);
  }

  findById(id: string): Promise<IncidentEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** The row, locked until the transaction ends (moves, checklist, phases …). */
  findForUpdate(id: string): Promise<IncidentEntity | null> {
    return this.rows
      .createQueryBuilder('incident')
      .setLock('pessimistic_write')
      .where('incident.id = :id', { id })
      .getOne();
  }

  findByIds(ids: readonly string[]): Promise<IncidentEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rows.findBy({ id: In([...ids]) });
  }

  /** The next number of this organisation: call under `tx.lock(incidentNumberLock(org))`. */
  async nextNumber(): Promise<number> {
    const [{ next }] = (await this.uow.manager.query(
      `SELECT coalesce(max("number"), 0) + 1 AS next FROM "incident" WHERE "organization_id" = $1`,
      [this.uow.organizationId],
    )) as { next: number }[];
    return Number(next);
  }

  insert(fields: NewIncident): Promise<IncidentEntity> {
    return this.rows.save(this.rows.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  /**
   * Writes `changes` and moves the version on, only if the row is still at `version` (one
   * UPDATE: of concurrent writers holding the same version, exactly one wins). False when the
   * version was stale.
   */
  async updateVersioned(
    id: string,
    version: number,
    changes: Partial<NewIncident>,
  ): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .update(IncidentEntity)
      .set({ ...changes, version: () => '"version" + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** One page of ids in the order of `query.sort`, with their sort keys (`limit` rows at most). */
  async page(query: IncidentPageQuery): Promise<PageRow[]> {
    const params: unknown[] = [this.uow.organizationId];
    const where = [`"organization_id" = $1`];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.statuses.length) add((p) => `"status" = ANY(${p}::text[])`, query.statuses);
    if (query.severities.length) add((p) => `"severity" = ANY(${p}::text[])`, query.severities);
    if (query.module) add((p) => `"module" = ${p}`, query.module);
    if (query.serviceId) add((p) => `"service_id" = ${p}::uuid`, query.serviceId);
    if (query.assigneeId) add((p) => `"assignee_id" = ${p}::uuid`, query.assigneeId);
    if (query.q) {
      // A search matching few incidents: their ids through the GIN index (see
      // incident_search_ids), then the page among them; a common one: the sort's index, testing
      // each row, finds a page within the first few hundred rows.
      const [{ ids }] = (await this.uow.manager.query(
        `SELECT array(SELECT incident_search_ids(${incidentSearchQuery('$1')}, $2)) AS "ids"`,
        [query.q, FEW_MATCHES + 1],
      )) as { ids: string[] }[];
      if (ids.length <= FEW_MATCHES) add((p) => `"id" = ANY(${p}::uuid[])`, ids);
      else add((p) => `"search_vector" @@ ${incidentSearchQuery(p)}`, query.q);
    }
    if (query.from) add((p) => `"reported_at" >= ${p}::timestamptz`, query.from);
    if (query.to) add((p) => `"reported_at" < ${p}::timestamptz`, query.to);

    const sort = SORTS[query.sort];
    const after = query.after;
    if (after) {
      const values =
        after.sort === 'severity' ? [after.rank, after.at, after.id] : [after.at, after.id];
      const casts =
        after.sort === 'severity' ? ['smallint', 'timestamptz', 'uuid'] : ['timestamptz', 'uuid'];
      const placeholders = values.map((v, i) => {
        params.push(v);
        return `$${params.length}::${casts[i]}`;
      });
      const op = sort.direction === 'DESC' ? '<' : '>';
      where.push(
        `(${sort.key.map((c) => `"${c}"`).join(', ')}) ${op} (${placeholders.join(', ')})`,
      );
    }
    const order = sort.key.map((c) => `"${c}" ${sort.direction}`).join(', ');
    return (await this.uow.manager.query(
      `SELECT "id", ${AT_TEXT(sort.at)} AS "at", "severity_rank" AS "rank" FROM "incident"
        WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${Math.trunc(query.limit)}`,
      params,
    )) as PageRow[];
  }

  /** Usernames of these accounts (those that still exist). */
  async people(ids: readonly (string | null)[]): Promise<Map<string, IncidentPerson>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0) return new Map();
    const rows = (await this.uow.manager.query(
      `SELECT "id", "username" FROM "app_user" WHERE "id" = ANY($1::uuid[])`,
      [wanted],
    )) as { id: string; username: string }[];
    return new Map(rows.map((r) => [r.id, { userId: r.id, name: r.username }]));
  }

  /** Which of these accounts are members of this organisation. */
  async members(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    // The membership policy also shows the caller's own memberships elsewhere: name the organisation.
    const rows = (await this.uow.manager.query(
      `SELECT "user_id" FROM "membership" WHERE "organization_id" = $1 AND "user_id" = ANY($2::uuid[])`,
      [this.uow.organizationId, [...new Set(ids)]],
    )) as { user_id: string }[];
    return new Set(rows.map((r) => r.user_id));
  }

  /**
   * The organisation's members whose account is active, by username (at most `limit`); with
   * `prefix`, those whose username starts with it, in any case.
   */
  async memberDirectory(prefix: string, limit: number): Promise<IncidentPerson[]> {
    // The membership policy also shows the caller's own memberships elsewhere: name the organisation.
    const rows = (await this.uow.manager.query(
      `SELECT u."id", u."username" FROM "membership" m JOIN "app_user" u ON u."id" = m."user_id"
        WHERE m."organization_id" = $1 AND u."status" = 'active'
          AND ($2 = '' OR starts_with(lower(u."username"), lower($2)))
        ORDER BY u."username", u."id" LIMIT $3`,
      [this.uow.organizationId, prefix, Math.trunc(limit)],
    )) as { id: string; username: string }[];
    return rows.map((r) => ({ userId: r.id, name: r.username }));
  }

  /** Names of these services of this organisation. */
  async serviceNames(ids: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0) return new Map();
    const rows = (await this.uow.manager.query(
      `SELECT "id", "name" FROM "service" WHERE "id" = ANY($1::uuid[])`,
      [wanted],
    )) as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The alerts linked to an incident, first linked first. */
  async alertLinks(incidentId: string): Promise<IncidentAlertLink[]> {
    const rows = (await this.uow.manager.query(
      `SELECT a."id", a."dedup_key", a."summary", a."severity", a."state", ia."linked_at"
         FROM "incident_alert" ia JOIN "alert" a ON a."id" = ia."alert_id"
        WHERE ia."incident_id" = $1 ORDER BY ia."linked_at", a."id" LIMIT 500`,
      [incidentId],
    )) as {
      id: string;
      dedup_key: string;
      summary: string;
      severity: string;
      state: string;
      linked_at: Date;
    }[];
    return rows.map((r) => ({
      alertId: r.id,
      dedupKey: r.dedup_key,
      summary: r.summary,
      severity: r.severity,
      state: r.state,
      linkedAt: r.linked_at.toISOString(),
    }));
  }

  /** The linked alerts not yet resolved. */
  async openAlertIds(incidentId: string): Promise<string[]> {
    const rows = (await this.uow.manager.query(
      `SELECT a."id" FROM "incident_alert" ia JOIN "alert" a ON a."id" = ia."alert_id"
        WHERE ia."incident_id" = $1 AND a."state" <> 'resolved' ORDER BY a."id"`,
      [incidentId],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Links these alerts to the incident (each once: an alert already linked to it is left as it
   * is) and counts them on the incident. The alerts newly linked, with what the timeline says.
   */
  async linkAlerts(
    incidentId: string,
    alertIds: readonly string[],
  ): Promise<{ id: string; dedupKey: string; summary: string; severity: string }[]> {
    if (alertIds.length === 0) return [];
    const linked = (await this.uow.manager.query(
      `WITH added AS (
         INSERT INTO "incident_alert" ("organization_id", "incident_id", "alert_id")
         SELECT $1, $2, a."id" FROM "alert" a WHERE a."id" = ANY($3::uuid[])
         ON CONFLICT ("organization_id", "incident_id", "alert_id") DO NOTHING
         RETURNING "alert_id")
       SELECT a."id", a."dedup_key" AS "dedupKey", a."summary", a."severity"
         FROM added JOIN "alert" a ON a."id" = added."alert_id" ORDER BY a."first_seen_at", a."id"`,
      [this.uow.organizationId, incidentId, [...new Set(alertIds)]],
    )) as { id: string; dedupKey: string; summary: string; severity: string }[];
    if (linked.length > 0) {
      await this.uow.manager.query(
        `UPDATE "incident" SET "alert_count" = "alert_count" + $2, "updated_at" = now() WHERE "id" = $1`,
        [incidentId, linked.length],
      );
    }
    return linked;
  }
}

/** The advisory lock under which an organisation's next incident number is taken. */
export const incidentNumberLock = (organizationId: string) => `incident-number:${organizationId}`;
