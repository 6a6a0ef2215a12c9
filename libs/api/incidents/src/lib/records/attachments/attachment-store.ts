import { randomUUID } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { AppConfig } from '@hyperion/api/core';
import { Injectable, Logger } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The bytes of attachments: `${DATA_DIR}/incident-attachments/<organization id>/<attachment id>`.
 * Both parts are UUIDs checked here, so no name sent by a client ever reaches a path.
 */
@Injectable()
export class AttachmentStore {
  private readonly logger = new Logger('IncidentAttachments');

  constructor(private readonly config: AppConfig) {}

  private dir(organizationId: string): string {
    if (!UUID.test(organizationId)) throw new Error(`Not an organisation id: ${organizationId}`);
    return join(this.config.dataDir, 'incident-attachments', organizationId);
  }

  path(organizationId: string, attachmentId: string): string {
    if (!UUID.test(attachmentId)) throw new Error(`Not an attachment id: ${attachmentId}`);
    return join(this.dir(organizationId), attachmentId);
  }

  /** Writes the file whole or not at all: a temporary file renamed into place. */
  async write(organizationId: string, attachmentId: string, bytes: Buffer): Promise<void> {
    const dir = this.dir(organizationId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = join(dir, `.${attachmentId}.${randomUUID()}.tmp`);
    try {
      await writeFile(temporary, bytes, { mode: 0o600, flag: 'wx' });
      await rename(temporary, this.path(organizationId, attachmentId));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** The file's bytes as a stream, or null when the file is missing. */
  async open(organizationId: string, attachmentId: string): Promise<ReadStream | null> {
    const path = this.path(organizationId, attachmentId);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path);
  }

  /** Removes the file (nothing when it is not there); a failure is logged, not thrown. */
  async remove(organizationId: string, attachmentId: string): Promise<void> {
    try {
      await rm(this.path(organizationId, attachmentId), { force: true });
    } catch (error) {
      this.logger.warn(`Could not remove attachment ${attachmentId}: ${String(error)}`);
    }
  }
}
