import { HealthTransition, JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

import { HealthHistoryRepository } from './health-history.repository';

@Processor(QUEUES.healthHistory)
export class HealthHistoryProcessor {
  constructor(private readonly history: HealthHistoryRepository) {}

  @Process(JOBS.recordHealthTransition)
  async record(job: Job<HealthTransition>): Promise<void> {
    await this.history.insert(job.data);
  }
}
