import { createHash } from 'node:crypto';
import type { ReadStream } from 'node:fs';

import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { IncidentAttachment } from '@hyperion/contracts';
import { INCIDENT_RULES } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';

import { IncidentService, incidentTarget } from '../../incident.service';
import { IncidentTimeline } from '../../timeline/incident-timeline';
import { detectImageType, sanitizeFilename } from './attachment-file';
import { AttachmentStore } from './attachment-store';
import { AttachmentRepository } from './attachment.repository';

/** What the upload interceptor hands over (multer's memory storage). */
export interface UploadedImage {
  buffer: Buffer;
  originalname: string;
  size: number;
}

export const NOT_AN_IMAGE = 'file: not an image (PNG, JPEG, GIF or WebP)';

/**
 * Screenshots of incidents: type checked from the bytes, stored under DATA_DIR, each upload and
 * removal audited, on the timeline and announced (`incidents:changed`) in its transaction.
 */
@Injectable()
export class AttachmentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly attachments: AttachmentRepository,
    private readonly store: AttachmentStore,
    private readonly timeline: IncidentTimeline,
    private readonly incidents: IncidentService,
  ) {}

  list(incidentId: string): Promise<IncidentAttachment[]> {
    return this.uow.run(async (tx) => {
      await this.incidents.found(incidentId);
      return this.attachments.list(tx, incidentId);
    });
  }

  async add(incidentId: string, file: UploadedImage | undefined): Promise<IncidentAttachment> {
    if (!file || !Buffer.isBuffer(file.buffer)) {
      throw new BadRequestException(
        'file: send one image as multipart/form-data in the field "file"',
      );
    }
    const contentType = detectImageType(file.buffer);
    if (!contentType) throw new UnsupportedMediaTypeException(NOT_AN_IMAGE);
    const filename = sanitizeFilename(
      file.originalname ?? '',
      contentType,
      INCIDENT_RULES.filenameMaxLength,
    );
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const actor = RequestContext.current()?.actor;

    let stored: { organizationId: string; id: string } | null = null;
    try {
      return await this.uow.run(async (tx) => {
        // Locked: two uploads at once cannot both take the last free place.
        await this.incidents.findForUpdate(tx, incidentId);
        if ((await this.attachments.count(tx, incidentId)) >= INCIDENT_RULES.attachmentsMax) {
          throw new ConflictException(
            `file: an incident holds at most ${INCIDENT_RULES.attachmentsMax} attachments; delete one first`,
          );
        }
        const attachment = await this.attachments.insert(tx, {
          incidentId,
          filename,
          contentType,
          size: file.buffer.length,
          sha256,
          createdBy: actor?.type === 'user' ? actor.id : null,
        });
        const details = {
          attachmentId: attachment.id,
          filename,
          contentType,
          size: attachment.size,
          sha256,
        };
        await tx.audit({
          action: 'incident_attachment_added',
          target: incidentTarget(incidentId),
          result: 'success',
          details,
        });
        await this.timeline.append(tx, incidentId, {
          kind: 'attachment_added',
          summary: `Attachment added: ${filename}`,
          details,
        });
        await this.incidents.publish(tx, incidentId);
        // Last: a failure here rolls the row back; a failed commit removes the file (below).
        stored = { organizationId: tx.organizationId as string, id: attachment.id };
        await this.store.write(stored.organizationId, stored.id, file.buffer);
        return attachment;
      });
    } catch (error) {
      const orphan = stored as { organizationId: string; id: string } | null;
      if (orphan) await this.store.remove(orphan.organizationId, orphan.id);
      throw error;
    }
  }

  /** The attachment and its bytes (404 for another organisation's, or a missing file). */
  open(
    incidentId: string,
    attachmentId: string,
  ): Promise<{ attachment: IncidentAttachment; stream: ReadStream }> {
    return this.uow.run(async (tx) => {
      const attachment = await this.attachments.find(tx, incidentId, attachmentId);
      if (!attachment) throw new NotFoundException('Attachment not found');
      const stream = await this.store.open(tx.organizationId as string, attachmentId);
      if (!stream)
        throw new NotFoundException('Attachment file is missing from the data directory');
      return { attachment, stream };
    });
  }

  remove(incidentId: string, attachmentId: string): Promise<void> {
    return this.uow.run(async (tx) => {
      await this.incidents.findForUpdate(tx, incidentId);
      const attachment = await this.attachments.find(tx, incidentId, attachmentId);
      if (!attachment) throw new NotFoundException('Attachment not found');
      await this.attachments.delete(tx, attachmentId);
      const details = {
        attachmentId,
        filename: attachment.filename,
        contentType: attachment.contentType,
        size: attachment.size,
        sha256: attachment.sha256,
      };
      await tx.audit({
        action: 'incident_attachment_deleted',
        target: incidentTarget(incidentId),
        result: 'success',
        details,
      });
      await this.timeline.append(tx, incidentId, {
        kind: 'attachment_deleted',
        summary: `Attachment deleted: ${attachment.filename}`,
        details,
      });
      await this.incidents.publish(tx, incidentId);
      const organizationId = tx.organizationId as string;
      // The bytes go once the row is gone for good.
      tx.afterCommit(() => this.store.remove(organizationId, attachmentId));
    });
  }
}
