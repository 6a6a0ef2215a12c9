import { HealthReport, HealthTransition, JOBS, QUEUES } from '@hyperion/contracts';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';

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
 * the client's offline queue and is sent when Redis is back.
 */
@Injectable()
export class HealthHistoryProducer {
  private readonly logger = new Logger('HealthHistory');

  constructor(@InjectQueue(QUEUES.healthHistory) private readonly queue: Queue<HealthTransition>) {
    // Without a listener an 'error' (Redis gone) would crash the process; /health reports it.
    this.queue.on('error', () => undefined);
  }

  record(report: HealthReport): void {
    this.queue
      .add(JOBS.recordHealthTransition, transitionOf(report), {
        attempts: 30,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 100,
      })
      .catch((error: unknown) =>
        this.logger.warn(`Could not queue health transition: ${String(error)}`),
      );
  }
}
