import {
  LeaderLease,
  LeaderLoop,
  RequestContext,
  SYSTEM_ACTOR,
  UnitOfWork,
} from '@hyperion/api/core';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { hostTarget } from '../ssh-host.mapping';
import { SshSessionRepository } from './ssh-session.repository';
import { TerminalSessions } from './terminal-sessions';
import { HEARTBEAT_EVERY_MS, PLATFORM, STALE_AFTER_MS, SWEEP_EVERY_MS } from './terminal-support';

/**
 * Keeps the `ssh_session` rows true across instances: every HEARTBEAT_EVERY_MS this instance
 * refreshes the heartbeat (and figures) of the sessions it holds, and a leased sweep (one
 * instance at a time, every minute and as soon as it leads) ends as `shutdown` the rows left
 * `live` by an instance whose heartbeat stopped STALE_AFTER_MS ago.
 */
@Injectable()
export class TerminalUpkeep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Terminal');
  private heartbeatTimer?: NodeJS.Timeout;
  private loop?: LeaderLoop;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: SshSessionRepository,
    private readonly sessions: TerminalSessions,
    private readonly lease: LeaderLease,
  ) {}

  onApplicationBootstrap(): void {
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), HEARTBEAT_EVERY_MS);
    this.heartbeatTimer.unref();
    this.loop = this.lease.runWhileLeader('ssh-terminal-sweep', SWEEP_EVERY_MS, () =>
      this.sweepStale(),
    );
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.heartbeatTimer);
    await this.loop?.stop();
  }

  /** Marks this instance's sessions as held, with their figures (sizes, activity). */
  async heartbeat(): Promise<void> {
    try {
      await this.uow.run(async () => {
        await this.repository.heartbeat(this.sessions.instanceId);
        for (const s of this.sessions.held()) {
          await this.repository.update(s.id, {
            recordingBytes: s.recordingBytes,
            lastActivityAt: s.lastActivityAt,
            cols: s.cols,
            rows: s.rows,
          });
        }
      }, PLATFORM);
    } catch (error) {
      this.logger.warn(`Terminal sessions heartbeat failed: ${String(error)}`);
    }
  }

  /**
   * Ends the sessions left `live` by an instance that is gone (no heartbeat for
   * STALE_AFTER_MS), each audited; answers how many. Run by one instance at a time.
   */
  async sweepStale(staleAfterMs = STALE_AFTER_MS): Promise<number> {
    return RequestContext.run({ actor: SYSTEM_ACTOR }, () =>
      this.uow.run(async (tx) => {
        const ended = await this.repository.endStale(
          staleAfterMs,
          'shutdown',
          this.sessions.instanceId,
        );
        for (const ref of ended) {
          await tx.audit({
            action: 'ssh_terminal_ended',
            organizationId: ref.organizationId,
            target: hostTarget(ref.hostId),
            result: 'success',
            details: {
              sessionId: ref.id,
              hostName: ref.hostName,
              reason: 'shutdown',
              message: 'The API instance holding this session is gone.',
            },
          });
        }
        if (ended.length > 0) {
          this.logger.warn(
            `Ended ${ended.length} terminal sessions left by a stopped API instance`,
          );
        }
        return ended.length;
      }, PLATFORM),
    );
  }
}
