import { errorMessage } from '@hyperion/api/core';
import { HealthReport, HealthTransition, JOBS, QUEUES } from '@hyperion/contracts';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';

import { HealthTransitionJob } from './health-transition.job';

export function transitionOf(report: HealthReport): HealthTransition {
  return {
    occurredAt: report.timestamp,
    status: report.status,
    database: report.database,
    redis: report.redis,
    diskHealthy: report.disk.healthy,
    memoryHealthy: report.memory.healthy,
    errors: report.errors ?? [],
  };
}

/**
 * Queues a health change for the history table. Going through Bull means a change seen while
 * PostgreSQL is down is retried until it can be written; while Redis is down the job waits in
 * the client's offline queue and is sent when Redis is back. When the queue refuses jobs, that
 * is logged once per outage (with the number of transitions lost when it takes them again).
 */
@Injectable()
export class HealthHistoryProducer {
  private readonly logger = new Logger('HealthHistory');
  /** Transitions the queue refused since its outage began; undefined while it takes them. */
  private lost?: number;

  constructor(
    @InjectQueue(QUEUES.healthHistory) private readonly queue: Queue<HealthTransitionJob>,
  ) {
    // Without a listener an 'error' (Redis gone) would crash the process; /health reports it.
    this.queue.on('error', () => undefined);
  }

  record(transition: HealthTransition, correlationId: string): void {
    this.queue
      .add(
        JOBS.recordHealthTransition,
        { transition, correlationId },
        {
          attempts: 30,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: 100,
        },
      )
      .then(
        () => this.accepted(),
        (error: unknown) => this.refused(error, correlationId),
      );
  }

  private refused(error: unknown, correlationId: string): void {
    if (this.lost === undefined) {
      this.lost = 0;
      this.logger.warn(
        `Could not queue health transitions (${errorMessage(error)}; correlationId=${correlationId}); ` +
          'logging again once the queue takes them',
      );
    }
    this.lost++;
  }

  private accepted(): void {
    if (this.lost === undefined) return;
    this.logger.log(`Health history queue takes transitions again (${this.lost} lost meanwhile)`);
    this.lost = undefined;
  }
}
