import { rm } from 'node:fs/promises';

import { AppConfig, LeaderLease, LeaderLoop, UnitOfWork } from '@hyperion/api/core';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { SshSessionRepository } from './ssh-session.repository';
import { recordingPath } from './terminal-mapping';

const DAY_MS = 24 * 3600_000;
const BATCH = 200;
/** Batches per run at most (the next day's run takes the rest). */
const BATCHES_MAX = 50;
const PLATFORM = { organizationId: null, platform: true, independent: true } as const;

/**
 * Deletes ended terminal sessions older than SSH_RECORDING_RETENTION_DAYS, their recording first
 * and then their rows (commands go with them), once a day on one instance (a leader lease: the
 * holder runs at once, then every 24 hours).
 */
@Injectable()
export class RecordingRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Terminal');
  private loop?: LeaderLoop;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: SshSessionRepository,
    private readonly config: AppConfig,
    private readonly lease: LeaderLease,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.lease.runWhileLeader('ssh-recording-retention', DAY_MS, () => this.run());
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop?.stop();
  }

  /** Answers how many sessions were deleted. */
  async run(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.sshRecordingRetentionDays * DAY_MS);
    let deleted = 0;
    for (let batch = 0; batch < BATCHES_MAX; batch++) {
      const due = await this.uow.run(() => this.repository.endedBefore(before, BATCH), PLATFORM);
      if (due.length === 0) break;
      for (const ref of due) {
        await rm(recordingPath(this.config.dataDir, ref.organizationId, ref.id), { force: true });
      }
      await this.uow.run(() => this.repository.deleteMany(due.map((r) => r.id)), PLATFORM);
      deleted += due.length;
      if (due.length < BATCH) break;
    }
    if (deleted > 0) this.logger.log(`Deleted ${deleted} terminal sessions past retention`);
    return deleted;
  }
}
