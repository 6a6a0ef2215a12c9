import { Tx } from '@hyperion/api/core';
import type {
  IncidentActor,
  IncidentTimelineEntry,
  IncidentTimelineKind,
} from '@hyperion/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import { currentIncidentActor } from './incident-actor';

/** A line to add to an incident's timeline. */
export interface IncidentTimelineInput {
  kind: IncidentTimelineKind;
  /** One line (cut to 500 characters). */
  summary: string;
  /** A comment's or note's text. */
  body?: string | null;
  details?: Record<string, unknown>;
  /** When it happened; default: now (the database's clock). */
  at?: Date;
  /** Default: the request context's user (or API key), else Hyperion. */
  actor?: IncidentActor;
}

interface TimelineRow {
  id: string;
  at: Date;
  kind: IncidentTimelineKind;
  actor: IncidentActor;
  summary: string;
  body: string | null;
  details: Record<string, unknown>;
  pinned: boolean;
}

const COLUMNS = `"id", "at", "kind", "actor", "summary", "body", "details", "pinned"`;

/** The most entries one read returns (oldest first). */
const TIMELINE_MAX = 5000;

const toEntry = (row: TimelineRow): IncidentTimelineEntry => ({
  id: row.id,
  at: row.at.toISOString(),
  kind: row.kind,
  actor: row.actor,
  summary: row.summary,
  body: row.body,
  details: row.details,
  pinned: row.pinned,
});

/**
 * The timeline of incidents, used by every part of the lib (and by the alerts hook): entries are
 * written in the caller's transaction, so they commit or roll back with the change they tell.
 * Read oldest first: by `at`, then in the order they were written.
 */
@Injectable()
export class IncidentTimeline {
  async append(
    tx: Tx,
    incidentId: string,
    entry: IncidentTimelineInput,
  ): Promise<IncidentTimelineEntry> {
    const [row] = (await tx.manager.query(
      `INSERT INTO "incident_timeline"
         ("organization_id", "incident_id", "at", "kind", "actor", "summary", "body", "details", "created_at")
       VALUES ($1, $2, COALESCE($3::timestamptz, clock_timestamp()), $4, $5, $6, $7, $8, clock_timestamp())
       RETURNING ${COLUMNS}`,
      [
        tx.organizationId,
        incidentId,
        entry.at ?? null,
        entry.kind,
        JSON.stringify(entry.actor ?? currentIncidentActor()),
        entry.summary.length > 500 ? `${entry.summary.slice(0, 499)}…` : entry.summary,
        entry.body ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    )) as TimelineRow[];
    return toEntry(row);
  }

  /** The incident's timeline, oldest first. */
  async list(tx: Tx, incidentId: string): Promise<IncidentTimelineEntry[]> {
    const rows = (await tx.manager.query(
      `SELECT ${COLUMNS} FROM "incident_timeline" WHERE "incident_id" = $1
        ORDER BY "at", "created_at", "id" LIMIT ${TIMELINE_MAX}`,
      [incidentId],
    )) as TimelineRow[];
    return rows.map(toEntry);
  }

  /** Pins or unpins an entry of the incident; 404 when it is not one of its entries. */
  async setPinned(
    tx: Tx,
    incidentId: string,
    entryId: string,
    pinned: boolean,
  ): Promise<IncidentTimelineEntry> {
    const [rows] = (await tx.manager.query(
      `UPDATE "incident_timeline" SET "pinned" = $3 WHERE "id" = $1 AND "incident_id" = $2
       RETURNING ${COLUMNS}`,
      [entryId, incidentId, pinned],
    )) as [TimelineRow[], number];
    if (!rows?.[0]) throw new NotFoundException('Timeline entry not found');
    return toEntry(rows[0]);
  }
}
