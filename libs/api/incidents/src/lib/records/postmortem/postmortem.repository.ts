import type { Tx } from '@hyperion/api/core';
import type {
  PostmortemFields,
  PostmortemStatus,
  PostmortemTimelineLine,
} from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import type { IncidentPostmortemReader } from '../../incident-record-readers';

export interface StoredPostmortem extends PostmortemFields {
  incidentId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface PostmortemRow {
  incident_id: string;
  summary: string;
  root_cause: string;
  impact: string;
  timeline: PostmortemTimelineLine[];
  went_well: string;
  went_badly: string;
  status: PostmortemStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toStored = (row: PostmortemRow): StoredPostmortem => ({
  incidentId: row.incident_id,
  summary: row.summary,
  rootCause: row.root_cause,
  impact: row.impact,
  timeline: row.timeline,
  wentWell: row.went_well,
  wentBadly: row.went_badly,
  status: row.status,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Post-mortem rows, in the caller's transaction (row-level security: its organisation). */
@Injectable()
export class PostmortemRepository implements IncidentPostmortemReader {
  async find(tx: Tx, incidentId: string): Promise<StoredPostmortem | null> {
    const rows = (await tx.manager.query(
      `SELECT * FROM "incident_postmortem" WHERE "incident_id" = $1`,
      [incidentId],
    )) as PostmortemRow[];
    return rows[0] ? toStored(rows[0]) : null;
  }

  async exists(tx: Tx, incidentId: string): Promise<boolean> {
    const rows = (await tx.manager.query(
      `SELECT 1 FROM "incident_postmortem" WHERE "incident_id" = $1`,
      [incidentId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The first save (version 1); null when one was saved meanwhile. */
  async insert(
    tx: Tx,
    incidentId: string,
    fields: PostmortemFields,
    createdBy: string | null,
  ): Promise<StoredPostmortem | null> {
    const rows = (await tx.manager.query(
      `INSERT INTO "incident_postmortem"
         ("incident_id", "organization_id", "summary", "root_cause", "impact", "timeline",
          "went_well", "went_badly", "status", "version", "created_by")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10)
       ON CONFLICT ("organization_id", "incident_id") DO NOTHING
       RETURNING *`,
      [
        incidentId,
        tx.organizationId,
        fields.summary,
        fields.rootCause,
        fields.impact,
        JSON.stringify(fields.timeline),
        fields.wentWell,
        fields.wentBadly,
        fields.status,
        createdBy,
      ],
    )) as PostmortemRow[];
    return rows[0] ? toStored(rows[0]) : null;
  }

  /** A later save, only from `version` (null when it is stale). */
  async update(
    tx: Tx,
    incidentId: string,
    version: number,
    fields: PostmortemFields,
  ): Promise<StoredPostmortem | null> {
    const [rows] = (await tx.manager.query(
      `UPDATE "incident_postmortem"
          SET "summary" = $3, "root_cause" = $4, "impact" = $5, "timeline" = $6,
              "went_well" = $7, "went_badly" = $8, "status" = $9,
              "version" = "version" + 1, "updated_at" = now()
        WHERE "incident_id" = $1 AND "version" = $2
        RETURNING *`,
      [
        incidentId,
        version,
        fields.summary,
        fields.rootCause,
        fields.impact,
        JSON.stringify(fields.timeline),
        fields.wentWell,
        fields.wentBadly,
        fields.status,
      ],
    )) as [PostmortemRow[], number];
    return rows[0] ? toStored(rows[0]) : null;
  }
}
