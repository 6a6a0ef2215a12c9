import { userInfo } from 'node:os';
import { performance } from 'node:perf_hooks';

import { AuditService } from '@hyperion/api/audit';
import type {
  ProcessInfo,
  ProcessList,
  ProcessListQuery,
  ProcessSignal,
  ProcessStopOutcome,
  ProcessStopRequest,
  ProcessStopResult,
} from '@hyperion/contracts';
import { SYSTEM_RULES } from '@hyperion/contracts';
import { ConflictException, HttpException, Injectable, NotFoundException } from '@nestjs/common';

import { hasExited } from './proc';
import { Lineage, lineageOf, Protection, protectionOf } from './process-protection';
import { queryProcesses } from './process-query';
import { ProcessEntry, ProcessTable, SampledProcess } from './process-table';

/** How often a stop looks whether the process has exited. */
const POLL_MS = 50;

type Refusal = Protection['reason'] | 'not_found' | 'pid_reused' | 'in_progress' | 'not_permitted';

/**
 * The processes of this host: the list, and stopping one (SIGTERM, then SIGKILL after a grace
 * period), audited as `process_stop` — each stop done, and each refusal with its reason.
 */
@Injectable()
export class ProcessesService {
  /**
   * Pids this instance is stopping. A second stop of one is refused (409) until the first ends,
   * so exactly one request signals a process. Processes are this host's, so the claim is too:
   * another Hyperion instance on another host lists other processes.
   */
  private readonly stopping = new Set<number>();

  constructor(
    private readonly table: ProcessTable,
    private readonly audit: AuditService,
  ) {}

  async list(query: ProcessListQuery): Promise<ProcessList> {
    const snapshot = await this.table.snapshot();
    const parents = new Map(snapshot.processes.map((p) => [p.pid, p.parentPid]));
    const lineage = lineageOf(process.pid, process.ppid, (pid) => parents.get(pid));
    const { items, total } = queryProcesses(snapshot.processes, query);
    return {
      items: items.map((p) => toProcessInfo(p, lineage)),
      total,
      sampledAt: snapshot.takenAt.toISOString(),
      cpuWindowMs: snapshot.cpuWindowMs,
    };
  }

  async stop(pid: number, request: ProcessStopRequest): Promise<ProcessStopResult> {
    if (this.stopping.has(pid)) {
      return this.refuse(
        pid,
        'in_progress',
        new ConflictException(`process ${pid} is already being stopped`),
      );
    }
    this.stopping.add(pid);
    try {
      const found = this.table.find(pid);
      if (!found) {
        return await this.refuse(
          pid,
          'not_found',
          new NotFoundException(`no process with pid ${pid} on this host`),
        );
      }
      if (
        request.startedAt !== undefined &&
        Date.parse(request.startedAt) !== Date.parse(found.startedAt)
      ) {
        return await this.refuse(
          pid,
          'pid_reused',
          new ConflictException(
            `pid ${pid} now belongs to another process (${found.name}, started at ${found.startedAt}, not ${request.startedAt}): the one you meant has exited`,
          ),
          found,
        );
      }
      // Read afresh, not from a listing: Hyperion's parents change when one of them exits.
      const lineage = lineageOf(process.pid, process.ppid, (p) => this.table.find(p)?.parentPid);
      const protection = protectionOf(found, lineage);
      if (protection) {
        return await this.refuse(
          pid,
          protection.reason,
          new ConflictException(protection.message),
          found,
        );
      }
      const graceSeconds = request.graceSeconds ?? SYSTEM_RULES.graceSecondsDefault;
      const result = await this.terminate(found, graceSeconds);
      await this.audit.record({
        action: 'process_stop',
        target: targetOf(pid),
        result: 'success',
        details: {
          ...describe(found),
          user: found.user,
          graceSeconds,
          signals: result.signals,
          outcome: result.outcome,
          elapsedMs: result.elapsedMs,
        },
      });
      return result;
    } finally {
      this.stopping.delete(pid);
    }
  }

  /** SIGTERM; SIGKILL if it still runs after the grace period; what happened. */
  private async terminate(target: ProcessEntry, graceSeconds: number): Promise<ProcessStopResult> {
    const started = performance.now();
    const signals: ProcessSignal[] = [];
    const outcome = async (): Promise<ProcessStopOutcome> => {
      if (!(await this.send(target, 'SIGTERM'))) return 'already_gone';
      signals.push('SIGTERM');
      if (await this.exits(target, graceSeconds * 1000)) return 'terminated';
      if (!(await this.send(target, 'SIGKILL'))) return 'terminated';
      signals.push('SIGKILL');
      return (await this.exits(target, SYSTEM_RULES.killWaitSeconds * 1000))
        ? 'killed'
        : 'unresponsive';
    };
    const result = await outcome();
    return {
      ...describe(target),
      outcome: result,
      signals,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  /**
   * Sends `signal` if `target` still runs — the same process, not a later one the kernel gave
   * its pid — and answers whether it did. A process Hyperion's user may not signal is a 409.
   */
  private async send(target: ProcessEntry, signal: ProcessSignal): Promise<boolean> {
    if (this.hasEnded(target)) return false;
    try {
      process.kill(target.pid, signal);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') return false;
      if (code !== 'EPERM') throw error;
      return this.refuse(
        target.pid,
        'not_permitted',
        new ConflictException(
          `Hyperion runs as ${userInfo().username} and may not signal pid ${target.pid}, which belongs to ${target.user}`,
        ),
        target,
      );
    }
  }

  /** Whether `target` exits within `ms` (looked at every POLL_MS). */
  private async exits(target: ProcessEntry, ms: number): Promise<boolean> {
    const deadline = performance.now() + ms;
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (this.hasEnded(target)) return true;
    }
    return this.hasEnded(target);
  }

  /** Gone, a zombie, or its pid now holds another process (another start time). */
  private hasEnded(target: ProcessEntry): boolean {
    const now = this.table.find(target.pid);
    return !now || now.startTicks !== target.startTicks || hasExited(now);
  }

  /**
   * Records the refusal (per minute and actor, so a caller repeating it cannot flood the log)
   * and throws it.
   */
  private async refuse(
    pid: number,
    reason: Refusal,
    error: HttpException,
    target?: ProcessEntry,
  ): Promise<never> {
    await this.audit.recordRepeated(
      {
        action: 'process_stop',
        target: targetOf(pid),
        result: 'failure',
        details: {
          pid,
          ...(target ? { ...describe(target), user: target.user } : {}),
          reason,
          message: error.message,
        },
      },
      { facet: reason, sample: targetOf(pid) },
    );
    throw error;
  }
}

function targetOf(pid: number): string {
  return `process:${pid}`;
}

function describe(
  p: ProcessEntry,
): Pick<ProcessStopResult, 'pid' | 'name' | 'command' | 'startedAt'> {
  return { pid: p.pid, name: p.name, command: p.command, startedAt: p.startedAt };
}

function toProcessInfo(p: SampledProcess, lineage: Lineage): ProcessInfo {
  return {
    pid: p.pid,
    parentPid: p.parentPid,
    name: p.name,
    user: p.user,
    cpuPercent: p.cpuPercent,
    memoryBytes: p.memoryBytes,
    memoryPercent: p.memoryPercent,
    state: p.state,
    startedAt: p.startedAt,
    command: p.command,
    protectedReason: protectionOf(p, lineage)?.message ?? null,
  };
}
