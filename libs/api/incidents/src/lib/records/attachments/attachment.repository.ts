import type { Tx } from '@hyperion/api/core';
import type { IncidentAttachment } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import type { IncidentAttachmentsReader } from '../../incident-record-readers';

interface AttachmentRow {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
}

const SELECT = `SELECT a."id", a."filename", a."content_type", a."size", a."sha256", a."created_at",
                       a."created_by", u."username" AS created_by_name
                  FROM "incident_attachment" a
                  LEFT JOIN "app_user" u ON u."id" = a."created_by"`;

const toAttachment = (row: AttachmentRow): IncidentAttachment => ({
  id: row.id,
  filename: row.filename,
  contentType: row.content_type,
  size: row.size,
  sha256: row.sha256,
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by ? { userId: row.created_by, name: row.created_by_name } : null,
});

export interface NewAttachment {
  incidentId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdBy: string | null;
}

/**
 * The attachment rows, in the caller's transaction (row-level security keeps them to its
 * organisation). Also what the incident's detail reads them through (INCIDENT_ATTACHMENTS_READER).
 */
@Injectable()
export class AttachmentRepository implements IncidentAttachmentsReader {
  async list(tx: Tx, incidentId: string): Promise<IncidentAttachment[]> {
    const rows = (await tx.manager.query(
      `${SELECT} WHERE a."incident_id" = $1 ORDER BY a."created_at", a."id"`,
      [incidentId],
    )) as AttachmentRow[];
    return rows.map(toAttachment);
  }

  async find(tx: Tx, incidentId: string, id: string): Promise<IncidentAttachment | null> {
    const rows = (await tx.manager.query(`${SELECT} WHERE a."incident_id" = $1 AND a."id" = $2`, [
      incidentId,
      id,
    ])) as AttachmentRow[];
    return rows[0] ? toAttachment(rows[0]) : null;
  }

  async count(tx: Tx, incidentId: string): Promise<number> {
    const [row] = (await tx.manager.query(
      `SELECT count(*)::int AS n FROM "incident_attachment" WHERE "incident_id" = $1`,
      [incidentId],
    )) as { n: number }[];
    return row.n;
  }

  async insert(tx: Tx, fields: NewAttachment): Promise<IncidentAttachment> {
    const [inserted] = (await tx.manager.query(
      `INSERT INTO "incident_attachment"
         ("organization_id", "incident_id", "filename", "content_type", "size", "sha256", "created_by")
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "id"`,
      [
        tx.organizationId,
        fields.incidentId,
        fields.filename,
        fields.contentType,
        fields.size,
        fields.sha256,
        fields.createdBy,
      ],
    )) as { id: string }[];
    const row = await this.find(tx, fields.incidentId, inserted.id);
    if (!row) throw new Error('The attachment just inserted cannot be read back');
    return row;
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.manager.query(`DELETE FROM "incident_attachment" WHERE "id" = $1`, [id]);
  }
}
