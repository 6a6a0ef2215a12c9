import { AppConfig, SecretBox, Tx, UnitOfWork } from '@hyperion/api/core';
import type { HostPage, HostSeries, HostSummary } from '@hyperion/contracts';
import { HOST_RULES, JOBS, QUEUES } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import {
  CreateHostDto,
  HostListQueryDto,
  HostSamplesQueryDto,
  UpdateHostDto,
} from './dto/host.dto';
import { HostEntity } from './entities/host.entity';
import { HostFields, HostListKey, HostRepository, HostView } from './host.repository';
import { HostAlertJob } from './hosts/host-alert';
import { HostSampleRepository } from './hosts/host-sample.repository';
import { HostSampler, tokenContext } from './hosts/host-sampler';
import { planRange } from './hosts/host-series';
import { readThresholdState, THRESHOLD_CONDITIONS } from './hosts/host-thresholds';

/** The response the API and the console see; entities never leave this library. */
export function toHostSummary({ host, latest, sparkline }: HostView): HostSummary {
  return {
    id: host.id,
    name: host.name,
    kind: host.kind,
    url: host.url,
    hasToken: host.secret !== null,
    intervalSeconds: host.intervalSeconds,
    enabled: host.enabled,
    tags: host.tags,
    thresholds: {
      cpuPercent: host.cpuThreshold,
      memoryPercent: host.memoryThreshold,
      diskPercent: host.diskThreshold,
      forSeconds: host.thresholdSeconds,
    },
    state: host.state,
    stateChangedAt: host.stateChangedAt.toISOString(),
    lastSampleAt: host.lastSampleAt?.toISOString() ?? null,
    lastError: host.lastError,
    latest,
    cpuSparkline: sparkline,
    createdAt: host.createdAt.toISOString(),
    updatedAt: host.updatedAt.toISOString(),
  };
}

/** `host:<id>`, the audit log's target of a host. */
const target = (id: string) => `host:${id}`;

/**
 * A node_exporter URL as stored: http or https, a host, no user or password (a token goes in
 * `token`, sealed), no fragment. 400 naming `url` otherwise.
 */
export function checkExporterUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadRequestException(`url: not a URL; give http(s)://host:port/metrics`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname) {
    throw new BadRequestException(`url: only http:// and https:// URLs are scraped`);
  }
  if (url.username || url.password) {
    throw new BadRequestException(
      'url: must not hold a user or password (give a bearer token in token)',
    );
  }
  url.hash = '';
  return url.toString();
}

/** The first sample of a new (or re-enabled) host: within its first interval, spread out. */
function firstSampleAt(intervalSeconds: number): Date {
  const spread = Math.floor(Math.random() * Math.min(intervalSeconds, 60) * 1000);
  return new Date(Date.now() + 1000 + spread);
}

/** The keyset cursor of the host list: the last row's name and id (base64url of JSON). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const encodeCursor = (key: HostListKey) =>
  Buffer.from(JSON.stringify([key.name, key.id]), 'utf8').toString('base64url');
function decodeCursor(raw: string): HostListKey {
  try {
    const [name, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && UUID.test(id)) return { name, id };
  } catch {
    // Refused below, as any other value this API did not hand out.
  }
  throw new BadRequestException('cursor: the nextCursor of the previous page');
}

/**
 * The hosts use cases. Each runs in one unit of work, in the organisation of the request
 * context: a command's write and its audit row commit or roll back together, and an id of
 * another organisation is simply not found (row-level security).
 */
@Injectable()
export class HostService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: HostRepository,
    private readonly samples: HostSampleRepository,
    private readonly box: SecretBox,
    private readonly sampler: HostSampler,
    private readonly config: AppConfig,
  ) {}

  async list(query: HostListQueryDto = {}): Promise<HostPage> {
    const limit = query.limit ?? HOST_RULES.listLimitDefault;
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return this.uow.run(async () => {
      const views = await this.repository.page(after, limit + 1);
      const items = views.slice(0, limit).map(toHostSummary);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: views.length > limit && last ? encodeCursor(last) : null,
      };
    });
  }

  get(id: string): Promise<HostSummary> {
    return this.uow.run(async () => this.summary(id));
  }

  async create(dto: CreateHostDto): Promise<HostSummary> {
    const url = this.checkKind(dto.kind, dto);
    if (dto.kind === 'node_exporter' && url === undefined) {
      throw new BadRequestException('url: required for a node_exporter host');
    }
    const thresholds = { ...HOST_RULES.thresholdDefaults, ...dto.thresholds };
    const interval = dto.intervalSeconds ?? HOST_RULES.intervalDefault;
    return this.uow.run(async (tx) => {
      const id = randomUUID();
      const fields: HostFields = {
        name: dto.name,
        kind: dto.kind,
        url: url ?? null,
        secret: dto.token ? this.box.encrypt(dto.token, tokenContext(id)) : null,
        intervalSeconds: interval,
        enabled: dto.enabled ?? true,
        tags: [...new Set(dto.tags ?? [])],
        cpuThreshold: thresholds.cpuPercent,
        memoryThreshold: thresholds.memoryPercent,
        diskThreshold: thresholds.diskPercent,
        thresholdSeconds: thresholds.forSeconds,
      };
      const row = await this.repository.create(id, fields, firstSampleAt(interval));
      await tx.audit({
        action: 'host_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name, kind: row.kind, url: row.url },
      });
      return this.summary(row.id);
    });
  }

  update(id: string, dto: UpdateHostDto): Promise<HostSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const url = this.checkKind(row.kind, dto);
      const clear = new Set(dto.clear ?? []);
      const given: Record<string, unknown> = { token: dto.token, ...dto.thresholds };
      const both = [...clear].find((field) => given[field] !== undefined);
      if (both) throw new BadRequestException(`clear: ${both} is both given and cleared`);
      const changes: Partial<HostEntity> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (url !== undefined && url !== row.url) {
        changes.url = url;
        // Another exporter's counters are no base for this one's rates.
        changes.collectorState = null;
      }
      if (dto.token !== undefined) changes.secret = this.box.encrypt(dto.token, tokenContext(id));
      if (clear.has('token')) changes.secret = null;
      if (dto.intervalSeconds !== undefined) changes.intervalSeconds = dto.intervalSeconds;
      if (dto.tags !== undefined) changes.tags = [...new Set(dto.tags)];
      const thresholds = dto.thresholds ?? {};
      if (thresholds.cpuPercent !== undefined || clear.has('cpuPercent')) {
        changes.cpuThreshold = thresholds.cpuPercent ?? null;
      }
      if (thresholds.memoryPercent !== undefined || clear.has('memoryPercent')) {
        changes.memoryThreshold = thresholds.memoryPercent ?? null;
      }
      if (thresholds.diskPercent !== undefined || clear.has('diskPercent')) {
        changes.diskThreshold = thresholds.diskPercent ?? null;
      }
      if (thresholds.forSeconds !== undefined) changes.thresholdSeconds = thresholds.forSeconds;
      if (dto.enabled !== undefined && dto.enabled !== row.enabled) {
        changes.enabled = dto.enabled;
        changes.state = dto.enabled ? 'pending' : 'paused';
        changes.failures = 0;
        changes.stateChangedAt = new Date();
        changes.runningUntil = null;
        changes.thresholdState = {};
        if (dto.enabled) changes.nextSampleAt = firstSampleAt(row.intervalSeconds);
        // A paused host watches nothing: what it had raised is resolved.
        else await this.resolveOpenAlerts(tx, row);
      }
      const updated = await this.repository.update(row, changes);
      await tx.audit({
        action: 'host_updated',
        target: target(id),
        result: 'success',
        details: { name: updated.name, fields: Object.keys(changes).sort() },
      });
      return this.summary(id);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.resolveOpenAlerts(tx, row);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'host_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name, kind: row.kind },
      });
    });
  }

  /** The host's history over a range, at the resolution asked for or chosen (see planRange). */
  history(id: string, query: HostSamplesQueryDto): Promise<HostSeries> {
    return this.uow.run(async () => {
      const row = await this.found(id);
      const plan = planRange({
        ...query,
        intervalSeconds: row.intervalSeconds,
        retention: {
          rawHours: this.config.hostRawRetentionHours,
          minuteDays: this.config.hostMinuteRetentionDays,
          hourDays: this.config.hostHourRetentionDays,
        },
        now: new Date(),
      });
      return {
        hostId: id,
        resolution: plan.resolution,
        stepSeconds: plan.stepSeconds,
        from: plan.from.toISOString(),
        to: plan.to.toISOString(),
        points: await this.samples.range(id, plan.resolution, plan.from, plan.to, plan.stepSeconds),
      };
    });
  }

  /** Samples now (outside its schedule); 409 while a sample of it is being taken. */
  async sampleNow(id: string): Promise<HostSummary> {
    await this.uow.run(() => this.found(id));
    await this.sampler.run(id, { force: true });
    return this.get(id);
  }

  /** The URL for a node_exporter host (checked), none for the local host (400 naming it). */
  private checkKind(
    kind: HostEntity['kind'],
    dto: { url?: string; token?: string },
  ): string | undefined {
    if (kind === 'local') {
      if (dto.url !== undefined)
        throw new BadRequestException('url: only node_exporter hosts have one');
      if (dto.token !== undefined) {
        throw new BadRequestException('token: only node_exporter hosts have one');
      }
      return undefined;
    }
    return dto.url === undefined ? undefined : checkExporterUrl(dto.url);
  }

  /** Resolves the host's raised alerts (DOWN, thresholds): it is paused or deleted. */
  private async resolveOpenAlerts(tx: Tx, row: HostEntity): Promise<void> {
    const open: HostAlertJob['condition'][] = [];
    if (row.state === 'down') open.push('down');
    const state = readThresholdState(row.thresholdState);
    for (const condition of THRESHOLD_CONDITIONS)
      if (state[condition]?.raised) open.push(condition);
    for (const condition of open) {
      await tx.enqueue(QUEUES.hosts, JOBS.hostAlert, {
        hostId: row.id,
        hostName: row.name,
        condition,
        action: 'resolve',
        summary: `${row.name} is no longer watched`,
      } satisfies HostAlertJob);
    }
  }

  private async summary(id: string): Promise<HostSummary> {
    const view = await this.repository.view(id);
    if (!view) throw new NotFoundException('Host not found');
    return toHostSummary(view);
  }

  private async found(id: string): Promise<HostEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Host not found');
    return row;
  }
}
