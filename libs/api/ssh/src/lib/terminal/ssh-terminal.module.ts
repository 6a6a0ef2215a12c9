import { LeaderLease } from '@hyperion/api/core';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SshSessionCommandEntity } from '../entities/ssh-session-command.entity';
import { SshSessionEntity } from '../entities/ssh-session.entity';
import { SshHostModule } from '../ssh-host.module';
import { RecordingRetention } from './recording-retention';
import { SshSessionController } from './ssh-session.controller';
import { SshSessionRepository } from './ssh-session.repository';
import { SshSessionService } from './ssh-session.service';
import { TerminalSessions } from './terminal-sessions';
import { TerminalUpkeep } from './terminal-upkeep';

/**
 * Browser terminals: the Socket.IO events (TerminalSessions, through the realtime gateway), the
 * sessions' REST routes and the recordings' retention. Needs the global AuditModule and
 * RealtimeModule; SshHostModule alone (hosts, commands, connections) does not.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SshSessionEntity, SshSessionCommandEntity]), SshHostModule],
  controllers: [SshSessionController],
  providers: [
    SshSessionRepository,
    TerminalSessions,
    TerminalUpkeep,
    SshSessionService,
    RecordingRetention,
    // The sweep of sessions left by a gone instance and the retention run once across instances.
    LeaderLease,
  ],
  exports: [TerminalSessions],
})
export class SshTerminalModule {}
