import { RequestContext } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

import { StatusNotifier, StatusNotifyJob } from './status-notifier';

/** The status pages queue: subscribers' emails about public updates and maintenance. */
@Processor(QUEUES.statusPages)
export class StatusNotifyProcessor {
  constructor(private readonly notifier: StatusNotifier) {}

  @Process({ name: JOBS.statusPageNotify, concurrency: 2 })
  async notify(job: Pick<Job<StatusNotifyJob>, 'data'>): Promise<void> {
    await RequestContext.forJob(job.data, () => this.notifier.notify(job.data));
  }
}
