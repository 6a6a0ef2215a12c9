import { SecretBox, UnitOfWork } from '@hyperion/api/core';
import type {
  MonitorDay,
  MonitorKind,
  MonitorListItem,
  MonitorListQuery,
  MonitorListResponse,
  MonitorResult,
  MonitorSummary,
  MonitorTarget,
  MonitorUptime,
} from '@hyperion/contracts';
import {
  hasResponseTime,
  MONITOR_ROUTES,
  MONITOR_RULES,
  RESPONSE_TIME_KINDS,
} from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';

import { MonitorCheckRunner } from './checking/monitor-check-runner';
import { CreateMonitorDto, UpdateMonitorDto } from './dto/monitor.dto';
import { MonitorEntity } from './entities/monitor.entity';
import { checkTarget, secretContext } from './monitor-target';
import { HourOfChecks, MonitorFields, MonitorRepository } from './monitor.repository';

/** The response the API and the console see; entities never leave this library. */
export function toMonitorSummary(row: MonitorEntity): MonitorSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    target: row.target as MonitorTarget,
    intervalSeconds: row.intervalSeconds,
    timeoutSeconds: row.timeoutSeconds,
    retries: row.retries,
    enabled: row.enabled,
    serviceId: row.serviceId,
    groupName: row.groupName,
    tags: row.tags,
    responseTimeThresholdMs: row.responseTimeThresholdMs,
    state: row.state,
    failures: row.failures,
    slow: row.slow,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastLatencyMs: row.lastLatencyMs,
    lastMessage: row.lastMessage,
    stateChangedAt: row.stateChangedAt.toISOString(),
    pushUrl: row.pushToken ? MONITOR_ROUTES.push(row.pushToken) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const HOURS = 24;

/** A row of the list: the monitor, its uptime over 24 h and its hours, oldest first. */
function toListItem(row: MonitorEntity, hours: readonly HourOfChecks[]): MonitorListItem {
  const latencyByHour: (number | null)[] = new Array(HOURS).fill(null);
  const uptimeByHour: (number | null)[] = new Array(HOURS).fill(null);
  let checks = 0;
  let ups = 0;
  for (const hour of hours) {
    const at = HOURS - 1 - hour.ago;
    latencyByHour[at] = hour.latencyMs;
    uptimeByHour[at] = percent(hour.ups, hour.checks);
    checks += hour.checks;
    ups += hour.ups;
  }
  return {
    ...toMonitorSummary(row),
    uptimeDay: checks > 0 ? percent(ups, checks) : null,
    latencyByHour,
    uptimeByHour,
  };
}

/** `ups` of `checks` in percent, to three decimals (as the uptime route rounds). */
const percent = (ups: number, checks: number) => Math.round((100_000 * ups) / checks) / 1000;

/** `monitor:<id>`, the audit log's target of a monitor. */
const target = (id: string) => `monitor:${id}`;

/**
 * The first check of a new (or re-enabled) monitor: somewhere within its first interval, so
 * monitors created together do not all run at the same second.
 */
function firstCheckAt(intervalSeconds: number): Date {
  const spread = Math.floor(Math.random() * Math.min(intervalSeconds, 60) * 1000);
  return new Date(Date.now() + 1000 + spread);
}

/**
 * The response-time threshold a new monitor gets when none is given: the default for kinds whose
 * latency is a response time, when the timeout leaves room for it (with a timeout of 2 s a check
 * slower than 2 s fails: the threshold could never fire), else off.
 */
function defaultThreshold(kind: MonitorKind, timeoutSeconds: number): number | null {
  const threshold = MONITOR_RULES.responseTimeThresholdDefault;
  return hasResponseTime(kind) && timeoutSeconds * 1000 > threshold ? threshold : null;
}

/**
 * The monitors use cases. Each runs in one unit of work, in the organisation of the
 * request context: a command's write and its audit row commit or roll back together, and an id
 * of another organisation is simply not found (row-level security).
 */
@Injectable()
export class MonitorService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: MonitorRepository,
    private readonly box: SecretBox,
    private readonly runner: MonitorCheckRunner,
  ) {}

  /** One page of monitors, each with its last 24 hours: three queries, whatever the page size. */
  list(query: MonitorListQuery = {}): Promise<MonitorListResponse> {
    return this.uow.run(async () => {
      const page = await this.repository.page(query);
      const hours = await this.repository.lastDay(page.rows.map((row) => row.id));
      const byMonitor = new Map<string, HourOfChecks[]>();
      for (const hour of hours) {
        byMonitor.set(hour.monitorId, [...(byMonitor.get(hour.monitorId) ?? []), hour]);
      }
      return {
        items: page.rows.map((row) => toListItem(row, byMonitor.get(row.id) ?? [])),
        total: page.total,
        byState: page.byState,
      };
    });
  }

  get(id: string): Promise<MonitorSummary> {
    return this.uow.run(async () => toMonitorSummary(await this.found(id)));
  }

  create(dto: CreateMonitorDto): Promise<MonitorSummary> {
    const checked = checkTarget(dto.kind, dto.target);
    const interval = dto.intervalSeconds ?? MONITOR_RULES.intervalDefault;
    return this.uow.run(async (tx) => {
      const id = randomUUID();
      const fields: MonitorFields = {
        name: dto.name,
        kind: dto.kind,
        target: checked.target,
        secret: checked.secret ? this.box.encrypt(checked.secret, secretContext(id)) : null,
        intervalSeconds: interval,
        // By default shorter than the interval, whatever the interval.
        timeoutSeconds: dto.timeoutSeconds ?? Math.min(MONITOR_RULES.timeoutDefault, interval - 1),
        retries: dto.retries ?? MONITOR_RULES.retriesDefault,
        enabled: dto.enabled ?? true,
        serviceId: dto.serviceId ?? null,
        groupName: dto.groupName ?? null,
        tags: [...new Set(dto.tags ?? [])],
        pushToken: dto.kind === 'push' ? randomBytes(24).toString('base64url') : null,
        responseTimeThresholdMs: null,
      };
      this.checkTimeout(fields.timeoutSeconds, fields.intervalSeconds);
      fields.responseTimeThresholdMs = this.createThreshold(dto, fields.timeoutSeconds);
      this.checkThreshold(dto.kind, fields.responseTimeThresholdMs, fields.timeoutSeconds);
      const nextCheck =
        dto.kind === 'push'
          ? new Date(Date.now() + fields.intervalSeconds * 1000)
          : firstCheckAt(fields.intervalSeconds);
      const row = await this.repository.create(id, fields, nextCheck);
      await tx.audit({
        action: 'monitor_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name, kind: row.kind },
      });
      return toMonitorSummary(row);
    });
  }

  update(id: string, dto: UpdateMonitorDto): Promise<MonitorSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const clear = new Set(dto.clear ?? []);
      const both = [...clear].find((field) => dto[field] !== undefined);
      if (both) throw new BadRequestException(`clear: ${both} is both given and cleared`);
      const changes: Partial<MonitorEntity> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.target !== undefined) {
        const checked = checkTarget(row.kind, dto.target);
        changes.target = checked.target;
        changes.secret = checked.secret
          ? this.box.encrypt(checked.secret, secretContext(row.id))
          : null;
        // A new target starts afresh: a log file is watched from its end again.
        changes.checkState = null;
      }
      if (dto.intervalSeconds !== undefined) changes.intervalSeconds = dto.intervalSeconds;
      if (dto.timeoutSeconds !== undefined) changes.timeoutSeconds = dto.timeoutSeconds;
      if (dto.retries !== undefined) changes.retries = dto.retries;
      if (dto.serviceId !== undefined || clear.has('serviceId')) {
        changes.serviceId = dto.serviceId ?? null;
      }
      if (dto.groupName !== undefined || clear.has('groupName')) {
        changes.groupName = dto.groupName ?? null;
      }
      if (dto.tags !== undefined) changes.tags = [...new Set(dto.tags)];
      // `clear` switches it off; a monitor still slow is resolved at its next check.
      if (dto.responseTimeThresholdMs !== undefined || clear.has('responseTimeThresholdMs')) {
        changes.responseTimeThresholdMs = dto.responseTimeThresholdMs ?? null;
      }
      if (dto.enabled !== undefined && dto.enabled !== row.enabled) {
        changes.enabled = dto.enabled;
        changes.state = dto.enabled ? 'pending' : 'paused';
        changes.failures = 0;
        changes.stateChangedAt = new Date();
        changes.runningUntil = null;
        if (dto.enabled) changes.nextCheckAt = firstCheckAt(row.intervalSeconds);
      }
      this.checkTimeout(
        changes.timeoutSeconds ?? row.timeoutSeconds,
        changes.intervalSeconds ?? row.intervalSeconds,
      );
      // Also when only the timeout changed: it must still leave room for the threshold.
      this.checkThreshold(
        row.kind,
        changes.responseTimeThresholdMs !== undefined
          ? changes.responseTimeThresholdMs
          : row.responseTimeThresholdMs,
        changes.timeoutSeconds ?? row.timeoutSeconds,
      );
      const updated = await this.repository.update(row, changes);
      await tx.audit({
        action: 'monitor_updated',
        target: target(id),
        result: 'success',
        details: { name: updated.name, fields: Object.keys(changes).sort() },
      });
      return toMonitorSummary(updated);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'monitor_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name, kind: row.kind },
      });
    });
  }

  results(id: string, limit = 100): Promise<MonitorResult[]> {
    return this.uow.run(async () => {
      await this.found(id);
      return (await this.repository.results(id, limit)).map((r) => ({
        checkedAt: r.checkedAt.toISOString(),
        up: r.up,
        latencyMs: r.latencyMs,
        message: r.message,
      }));
    });
  }

  uptime(id: string): Promise<MonitorUptime> {
    return this.uow.run(async () => {
      await this.found(id);
      return this.repository.uptime(id);
    });
  }

  /** Uptime by UTC day over 90 days (the uptime bars). */
  days(id: string): Promise<MonitorDay[]> {
    return this.uow.run(async () => {
      await this.found(id);
      return this.repository.days(id);
    });
  }

  /** Checks now (outside its schedule); 409 while a check of it runs. */
  async checkNow(id: string): Promise<MonitorSummary> {
    await this.uow.run(() => this.found(id));
    await this.runner.run(id, { force: true });
    return this.get(id);
  }

  private checkTimeout(timeoutSeconds: number, intervalSeconds: number): void {
    if (timeoutSeconds >= intervalSeconds) {
      throw new BadRequestException(
        `timeoutSeconds: must be shorter than the interval (${intervalSeconds} s)`,
      );
    }
  }

  /** A new monitor's threshold: the one given, off if cleared, else the kind's default. */
  private createThreshold(dto: CreateMonitorDto, timeoutSeconds: number): number | null {
    const cleared = dto.clear?.includes('responseTimeThresholdMs') ?? false;
    if (cleared && dto.responseTimeThresholdMs !== undefined) {
      throw new BadRequestException('clear: responseTimeThresholdMs is both given and cleared');
    }
    if (cleared) return null;
    return dto.responseTimeThresholdMs ?? defaultThreshold(dto.kind, timeoutSeconds);
  }

  /**
   * A threshold only where latency is a response time, and at most the timeout: a check slower
   * than the timeout fails (DOWN), it is never merely slow, so a threshold above it never fires.
   */
  private checkThreshold(kind: MonitorKind, thresholdMs: number | null, timeoutSeconds: number) {
    if (thresholdMs === null) return;
    if (!hasResponseTime(kind)) {
      throw new BadRequestException(
        `responseTimeThresholdMs: ${kind} monitors have no response time (only ${RESPONSE_TIME_KINDS.join(', ')} do): leave it out`,
      );
    }
    if (thresholdMs > timeoutSeconds * 1000) {
      throw new BadRequestException(
        `responseTimeThresholdMs: at most the timeout (${timeoutSeconds * 1000} ms): a slower check times out and fails`,
      );
    }
  }

  private async found(id: string): Promise<MonitorEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Monitor not found');
    return row;
  }
}
