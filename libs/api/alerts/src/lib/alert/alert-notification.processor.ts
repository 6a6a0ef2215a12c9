import { RequestContext } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Job, Queue } from 'bull';

import { AlertNotifier, EscalationStepJob, GroupFlushJob } from './alert-notifier';
import { AlertSweep } from './alert-sweep';

const SWEEP_EVERY_MS = 30_000;
const RETRY_MS = 60_000;

/**
 * Runs the alert notification jobs: group flushes and escalation levels (delayed Bull jobs queued
 * through the outbox, kept in Redis across restarts; each runs once under its row lock), and the
 * sweep (a repeatable job: one per deployment, whatever the number of instances).
 */
@Processor(QUEUES.alertNotifications)
export class AlertNotificationProcessor {
  constructor(
    private readonly notifier: AlertNotifier,
    private readonly sweep: AlertSweep,
  ) {}

  @Process({ name: JOBS.alertGroupFlush, concurrency: 4 })
  async flush(job: Pick<Job<GroupFlushJob>, 'data'>): Promise<void> {
    await RequestContext.forJob(job.data, () => this.notifier.flushGroup(job.data.groupKey));
  }

  @Process({ name: JOBS.alertEscalationLevel, concurrency: 8 })
  async escalate(job: Pick<Job<EscalationStepJob>, 'data'>): Promise<void> {
    await RequestContext.forJob(job.data, () => this.notifier.runStep(job.data));
  }

  @Process({ name: JOBS.alertSweep, concurrency: 1 })
  async sweepAlerts(): Promise<void> {
    await this.sweep.run();
  }
}

/** Keeps the sweep's repeatable job in Bull (added once; Bull runs it on one instance at a time). */
@Injectable()
export class AlertSweepScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AlertSweep');
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(@InjectQueue(QUEUES.alertNotifications) private readonly queue: Queue) {
    this.queue.on('error', () => undefined);
  }

  onApplicationBootstrap(): void {
    void this.schedule();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private async schedule(): Promise<void> {
    try {
      await this.queue.add(
        JOBS.alertSweep,
        {},
        {
          repeat: { every: SWEEP_EVERY_MS },
          jobId: JOBS.alertSweep,
          removeOnComplete: 10,
          removeOnFail: 30,
        },
      );
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(
        `Could not schedule the alert sweep (${error instanceof Error ? error.message : String(error)}); trying again in a minute`,
      );
      this.retry = setTimeout(() => void this.schedule(), RETRY_MS);
      this.retry.unref();
    }
  }
}
