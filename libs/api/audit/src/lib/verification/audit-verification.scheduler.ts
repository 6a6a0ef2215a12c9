import { AppConfig, errorMessage } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bull';

const RETRY_MS = 60_000;

/** `HH:MM` (UTC) → the cron expression of that time every day. */
export function nightlyCron(time: string): string {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`Not a time of day (HH:MM): ${time}`);
  return `${Number(match[2])} ${Number(match[1])} * * *`;
}

/**
 * Schedules the nightly chain verification as a Bull repeatable job at AUDIT_VERIFY_TIME (UTC).
 * Bull keeps one schedule per (job, cron) in Redis and hands each run to one worker, so however
 * many instances start, it runs once a night. A schedule of another time (the setting changed)
 * is removed, so the old time does not keep running too. While Redis cannot be reached at start,
 * scheduling is tried again every minute.
 */
@Injectable()
export class AuditVerificationScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditChain');
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @InjectQueue(QUEUES.auditVerification) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {
    // Without a listener an 'error' (Redis gone) would crash the process; /health reports it.
    this.queue.on('error', () => undefined);
  }

  onApplicationBootstrap(): void {
    void this.schedule();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  /** Makes the repeatable job match the configured time; true once done. */
  async schedule(): Promise<boolean> {
    const cron = nightlyCron(this.config.auditVerifyTime);
    try {
      for (const job of await this.queue.getRepeatableJobs()) {
        if (job.name === JOBS.verifyAuditChains && (job.cron !== cron || job.tz !== 'UTC')) {
          await this.queue.removeRepeatableByKey(job.key);
        }
      }
      await this.queue.add(
        JOBS.verifyAuditChains,
        {},
        {
          repeat: { cron, tz: 'UTC' },
          jobId: JOBS.verifyAuditChains,
          removeOnComplete: 10,
          removeOnFail: 30,
        },
      );
      return true;
    } catch (error) {
      if (!this.stopped) {
        this.logger.warn(
          `Could not schedule the nightly audit-chain verification (${errorMessage(error)}); trying again in a minute`,
        );
        this.retry = setTimeout(() => void this.schedule(), RETRY_MS);
        this.retry.unref();
      }
      return false;
    }
  }
}
