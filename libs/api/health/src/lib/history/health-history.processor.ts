import { errorMessage, RequestContext } from '@hyperion/api/core';
import { HealthTransition, JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';

import { HealthHistoryRepository } from './health-history.repository';
import { HealthTransitionJob, readTransitionJob } from './health-transition.job';

@Processor(QUEUES.healthHistory)
export class HealthHistoryProcessor {
  private readonly logger = new Logger('HealthHistory');

  constructor(private readonly history: HealthHistoryRepository) {}

  @Process(JOBS.recordHealthTransition)
  async record(
    job: Pick<Job<HealthTransitionJob | HealthTransition>, 'id' | 'data' | 'attemptsMade' | 'opts'>,
  ): Promise<void> {
    const { transition, correlationId } = readTransitionJob(job.data, job.id);
    // Instance-level work: no organisation, the transition's correlation id.
    await RequestContext.forJob({ correlationId }, () =>
      this.insert(job, transition, correlationId),
    );
  }

  private async insert(
    job: Pick<Job, 'attemptsMade' | 'opts'>,
    transition: HealthTransition,
    correlationId: string,
  ): Promise<void> {
    try {
      await this.history.insert(transition);
    } catch (error) {
      // Bull retries with backoff (PostgreSQL down); say so only when it gives up.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        this.logger.error(
          `Gave up recording the health transition to ${transition.status} at ${transition.occurredAt} ` +
            `(correlationId=${correlationId}): ${errorMessage(error)}`,
        );
      }
      throw error;
    }
    this.logger.log(
      `Recorded the health transition to ${transition.status} at ${transition.occurredAt} ` +
        `(correlationId=${correlationId})`,
    );
  }
}
