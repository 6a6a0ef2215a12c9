import type { Tx } from '@hyperion/api/core';
import type { ActionItemStatus, ActionItemSummary } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

interface ActionItemRow {
  id: string;
  incident_id: string;
  incident_number: number;
  incident_title: string;
  title: string;
  owner_id: string | null;
  owner_name: string | null;
  due_date: string | null;
  status: ActionItemStatus;
  overdue: boolean;
  created_at: Date;
  updated_at: Date;
}

/** Not done and its due date before today (UTC). */
const OVERDUE = `COALESCE(ai."status" <> 'done' AND ai."due_date" < (now() AT TIME ZONE 'UTC')::date, false)`;

const SELECT = `
  SELECT ai."id", ai."incident_id", i."number" AS incident_number, i."title" AS incident_title,
         ai."title", ai."owner_id", u."username" AS owner_name,
         to_char(ai."due_date", 'YYYY-MM-DD') AS due_date, ai."status",
         ${OVERDUE} AS overdue, ai."created_at", ai."updated_at"
    FROM "incident_action_item" ai
    JOIN "incident" i ON i."id" = ai."incident_id"
    LEFT JOIN "app_user" u ON u."id" = ai."owner_id"`;

const toSummary = (row: ActionItemRow): ActionItemSummary => ({
  id: row.id,
  incidentId: row.incident_id,
  incidentNumber: row.incident_number,
  incidentTitle: row.incident_title,
  title: row.title,
  owner: row.owner_id ? { userId: row.owner_id, name: row.owner_name } : null,
  dueDate: row.due_date,
  status: row.status,
  overdue: row.overdue,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export interface ActionItemFilter {
  incidentId?: string;
  status?: ActionItemStatus;
  overdue?: boolean;
  ownerId?: string;
}

export interface ActionItemFields {
  title: string;
  ownerId: string | null;
  dueDate: string | null;
  status: ActionItemStatus;
}

/** At most this many action items in one list (the oldest due first). */
export const ACTION_ITEMS_LIST_MAX = 1000;

/** The action-item rows, in the caller's transaction (row-level security: its organisation). */
@Injectable()
export class ActionItemRepository {
  async list(tx: Tx, filter: ActionItemFilter): Promise<ActionItemSummary[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(params.length));
    };
    if (filter.incidentId) add((n) => `ai."incident_id" = $${n}`, filter.incidentId);
    if (filter.status) add((n) => `ai."status" = $${n}`, filter.status);
    if (filter.ownerId) add((n) => `ai."owner_id" = $${n}`, filter.ownerId);
    // Spelled out so the (organization_id, status, due_date) index serves it.
    if (filter.overdue === true) {
      clauses.push(
        `ai."status" IN ('open', 'in_progress') AND ai."due_date" < (now() AT TIME ZONE 'UTC')::date`,
      );
    }
    if (filter.overdue === false) clauses.push(`NOT ${OVERDUE}`);
    const where = clauses.length ? `WHERE ${clauses.map((c) => `(${c})`).join(' AND ')}` : '';
    const rows = (await tx.manager.query(
      `${SELECT} ${where}
        ORDER BY ai."due_date" ASC NULLS LAST, ai."created_at", ai."id"
        LIMIT ${ACTION_ITEMS_LIST_MAX}`,
      params,
    )) as ActionItemRow[];
    return rows.map(toSummary);
  }

  async find(tx: Tx, id: string, lock = false): Promise<ActionItemSummary | null> {
    const rows = (await tx.manager.query(
      `${SELECT} WHERE ai."id" = $1${lock ? ' FOR UPDATE OF ai' : ''}`,
      [id],
    )) as ActionItemRow[];
    return rows[0] ? toSummary(rows[0]) : null;
  }

  async insert(tx: Tx, incidentId: string, fields: ActionItemFields): Promise<ActionItemSummary> {
    const [row] = (await tx.manager.query(
      `INSERT INTO "incident_action_item"
         ("organization_id", "incident_id", "title", "owner_id", "due_date", "status", "done_at")
       VALUES ($1, $2, $3, $4, $5::date, $6::varchar, CASE WHEN $6::varchar = 'done' THEN now() END)
       RETURNING "id"`,
      [tx.organizationId, incidentId, fields.title, fields.ownerId, fields.dueDate, fields.status],
    )) as { id: string }[];
    return this.found(tx, row.id);
  }

  async update(tx: Tx, id: string, fields: ActionItemFields): Promise<ActionItemSummary> {
    await tx.manager.query(
      `UPDATE "incident_action_item"
          SET "title" = $2, "owner_id" = $3, "due_date" = $4::date, "status" = $5::varchar,
              "done_at" = CASE WHEN $5::varchar <> 'done' THEN NULL ELSE COALESCE("done_at", now()) END,
              "updated_at" = now()
        WHERE "id" = $1`,
      [id, fields.title, fields.ownerId, fields.dueDate, fields.status],
    );
    return this.found(tx, id);
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.manager.query(`DELETE FROM "incident_action_item" WHERE "id" = $1`, [id]);
  }

  /** Whether `userId` is a member of the transaction's organisation. */
  async isMember(tx: Tx, userId: string): Promise<boolean> {
    // The membership policy also shows the caller's own memberships elsewhere: name the organisation.
    const rows = (await tx.manager.query(
      `SELECT 1 FROM "membership" WHERE "organization_id" = $1 AND "user_id" = $2`,
      [tx.organizationId, userId],
    )) as unknown[];
    return rows.length > 0;
  }

  private async found(tx: Tx, id: string): Promise<ActionItemSummary> {
    const row = await this.find(tx, id);
    if (!row) throw new Error(`Action item ${id} cannot be read back`);
    return row;
  }
}
