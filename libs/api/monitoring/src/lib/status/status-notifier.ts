import { UnitOfWork } from '@hyperion/api/core';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';

import { StatusPageRepository } from '../status-page.repository';
import { StatusContentRepository } from './status-content.repository';
import { mails, StatusMailer } from './status-mailer';
import { StatusSubscriberRepository } from './status-subscriber.repository';

/** JOBS.statusPageNotify: mail a page's confirmed subscribers about one item. */
export interface StatusNotifyJob {
  pageId: string;
  subject: 'incident-update' | 'maintenance';
  /** The incident update's or the maintenance window's id. */
  id: string;
  organizationId?: string;
  correlationId?: string;
}

/**
 * Runs a notify job (queued through the outbox by the change it is about): in one unit of work
 * of the page's organisation, records one email delivery per confirmed subscriber, a batch at a
 * time. Each delivery's idempotency key names the item and the subscriber, so a job that runs
 * twice (a retry, a relay that queued it again) mails nobody twice.
 */
@Injectable()
export class StatusNotifier {
  private readonly logger = new Logger('StatusPages');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly pages: StatusPageRepository,
    private readonly content: StatusContentRepository,
    private readonly subscribers: StatusSubscriberRepository,
    private readonly mailer: StatusMailer,
  ) {}

  async notify(job: StatusNotifyJob): Promise<void> {
    await this.uow.run(async (tx) => {
      const page = await this.pages.findById(job.pageId);
      // Deleted, unpublished or no longer mailing since the change: nobody to tell.
      if (!page?.published || !mails(page)) return;
      const names = new Map(
        (await this.pages.components(page.id)).map((c) => [
          c.targetId,
          c.displayName ?? c.targetName,
        ]),
      );
      const update =
        job.subject === 'incident-update' ? await this.content.updateWithIncident(job.id) : null;
      const maintenance =
        job.subject === 'maintenance' ? await this.content.findMaintenanceById(job.id) : null;
      if (!update && !maintenance) return;
      if (
        (update && update.pageId !== page.id) ||
        (maintenance && maintenance.pageId !== page.id)
      ) {
        return;
      }
      try {
        let after: string | null = null;
        for (;;) {
          const batch = await this.subscribers.confirmedBatch(page.id, after);
          if (batch.length === 0) break;
          if (update)
            await this.mailer.incidentUpdate(tx, page, update.title, update.update, batch);
          if (maintenance) await this.mailer.maintenance(tx, page, maintenance, names, batch);
          after = batch[batch.length - 1].id;
        }
      } catch (error) {
        // The page's email channel was deleted since: nothing can be sent until it is set again.
        if (!(error instanceof NotFoundException)) throw error;
        this.logger.warn(`Status page ${page.id} cannot mail its subscribers: ${error.message}`);
      }
    });
  }
}
