import { RequestContext } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

import { PageService, PageStepJob } from './page.service';

/**
 * Runs the steps of pages when they are due (delayed Bull jobs, kept in Redis across restarts;
 * a job that fails is retried by Bull with the outbox's back-off, and a step runs at most once).
 */
@Processor(QUEUES.notificationPages)
export class PageStepProcessor {
  constructor(private readonly pages: PageService) {}

  @Process({ name: JOBS.pageStep, concurrency: 8 })
  async run(job: Pick<Job<PageStepJob>, 'data'>): Promise<void> {
    await RequestContext.forJob(job.data, () => this.pages.runStep(job.data.pageId, job.data.step));
  }
}
