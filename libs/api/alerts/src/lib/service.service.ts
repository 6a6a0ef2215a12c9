import { UnitOfWork } from '@hyperion/api/core';
import type { IntegrationSummary, ServiceSummary } from '@hyperion/contracts';
import { SERVICE_RULES } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';

import { AlertConfigChanges } from './config/alert-config-changes';
import { CreateIntegrationDto, CreateServiceDto, UpdateServiceDto } from './dto/service.dto';
import { ServiceIntegrationEntity } from './entities/service-integration.entity';
import { ServiceEntity } from './entities/service.entity';
import { ServiceFields, ServiceRecord, ServiceRepository } from './service.repository';

export function toIntegrationSummary(row: ServiceIntegrationEntity): IntegrationSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    routingKey: row.routingKey,
    rateLimitPerMinute: row.rateLimitPerMinute,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The response the API and the console see; entities never leave this library. */
export function toServiceSummary({
  service,
  dependsOn,
  integrations,
  openAlerts,
}: ServiceRecord): ServiceSummary {
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    teamId: service.teamId,
    escalationPolicyId: service.escalationPolicyId,
    autoResolveMinutes: service.autoResolveMinutes,
    urgencyRule: service.urgencyRule,
    groupBy: service.groupBy,
    groupWaitSeconds: service.groupWaitSeconds,
    groupIntervalSeconds: service.groupIntervalSeconds,
    dependsOn,
    integrations: integrations.map(toIntegrationSummary),
    openAlerts,
    createdAt: service.createdAt.toISOString(),
    updatedAt: service.updatedAt.toISOString(),
  };
}

/** `service:<id>`, the audit log's target of a service. */
const target = (id: string) => `service:${id}`;

/**
 * The services use cases. Each runs in one unit of work, in the organisation of the request
 * context: a command's write and its audit row commit or roll back together, and an id of
 * another organisation is simply not found (row-level security). Every committed change tells
 * the ingest's caches (AlertConfigChanges).
 */
@Injectable()
export class ServiceService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: ServiceRepository,
    private readonly changes: AlertConfigChanges,
  ) {}

  list(): Promise<ServiceSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map(toServiceSummary));
  }

  get(id: string): Promise<ServiceSummary> {
    return this.uow.run(async () => toServiceSummary(await this.record(id)));
  }

  create(dto: CreateServiceDto): Promise<ServiceSummary> {
    return this.uow.run(async (tx) => {
      await this.checkReferences(dto);
      const row = await this.repository.create({
        name: dto.name,
        description: dto.description ?? '',
        teamId: dto.teamId ?? null,
        escalationPolicyId: dto.escalationPolicyId ?? null,
        autoResolveMinutes: dto.autoResolveMinutes ?? null,
        urgencyRule: dto.urgencyRule ?? 'severity',
        groupBy: dto.groupBy ?? [],
        groupWaitSeconds: dto.groupWaitSeconds ?? SERVICE_RULES.defaultGroupWaitSeconds,
        groupIntervalSeconds: dto.groupIntervalSeconds ?? SERVICE_RULES.defaultGroupIntervalSeconds,
      });
      if (dto.dependsOn)
        await this.setDependencies(tx.organizationId as string, row.id, dto.dependsOn);
      await tx.audit({
        action: 'service_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name },
      });
      this.changed(tx);
      return toServiceSummary(await this.record(row.id));
    });
  }

  update(id: string, dto: UpdateServiceDto): Promise<ServiceSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.checkReferences(dto);
      const before = row.name;
      const fields: Partial<ServiceFields> = {};
      for (const key of [
        'name',
        'description',
        'teamId',
        'escalationPolicyId',
        'autoResolveMinutes',
        'urgencyRule',
        'groupBy',
        'groupWaitSeconds',
        'groupIntervalSeconds',
      ] as const) {
        if (dto[key] !== undefined) Object.assign(fields, { [key]: dto[key] });
      }
      for (const key of dto.clear ?? []) {
        if (dto[key] !== undefined) {
          throw new BadRequestException(`clear: ${key} is both given and cleared`);
        }
        Object.assign(fields, { [key]: null });
      }
      const updated = await this.repository.update(row, fields);
      if (dto.dependsOn) await this.setDependencies(tx.organizationId as string, id, dto.dependsOn);
      await tx.audit({
        action: 'service_updated',
        target: target(id),
        result: 'success',
        details: {
          name: updated.name,
          previousName: before,
          changed: [...Object.keys(fields), ...(dto.dependsOn ? ['dependsOn'] : [])].join(','),
        },
      });
      this.changed(tx);
      return toServiceSummary(await this.record(id));
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'service_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name },
      });
      this.changed(tx);
    });
  }

  /** A new integration with a fresh routing key (128 random bits, shown to whoever reads the service). */
  addIntegration(serviceId: string, dto: CreateIntegrationDto): Promise<IntegrationSummary> {
    return this.uow.run(async (tx) => {
      await this.found(serviceId);
      await tx.lock(`service-integrations:${serviceId}`);
      if ((await this.repository.countIntegrations(serviceId)) >= SERVICE_RULES.integrationsMax) {
        throw new ConflictException(
          `A service has at most ${SERVICE_RULES.integrationsMax} integrations`,
        );
      }
      const row = await this.repository.createIntegration({
        serviceId,
        name: dto.name,
        kind: dto.kind,
        routingKey: randomBytes(16).toString('hex'),
        rateLimitPerMinute: dto.rateLimitPerMinute ?? SERVICE_RULES.defaultRateLimitPerMinute,
      });
      await tx.audit({
        action: 'integration_created',
        target: target(serviceId),
        result: 'success',
        details: { integration: row.name, kind: row.kind, integrationId: row.id },
      });
      return toIntegrationSummary(row);
    });
  }

  /** The routing key stops working at once on this instance, within seconds on the others. */
  removeIntegration(serviceId: string, id: string): Promise<{ routingKey: string }> {
    return this.uow.run(async (tx) => {
      await this.found(serviceId);
      const row = await this.repository.findIntegration(serviceId, id);
      if (!row) throw new NotFoundException('Integration not found');
      await this.repository.deleteIntegration(id);
      await tx.audit({
        action: 'integration_deleted',
        target: target(serviceId),
        result: 'success',
        details: { integration: row.name, integrationId: row.id },
      });
      this.changed(tx);
      return { routingKey: row.routingKey };
    });
  }

  private changed(tx: { organizationId: string | null; afterCommit(fn: () => void): void }): void {
    const organizationId = tx.organizationId;
    if (organizationId) tx.afterCommit(() => this.changes.notify(organizationId));
  }

  /** 400 naming the field when a team or a policy is not one of this organisation's. */
  private async checkReferences(dto: UpdateServiceDto): Promise<void> {
    if (dto.teamId && !(await this.repository.exists('team', dto.teamId))) {
      throw new BadRequestException('teamId: no such team in this organisation');
    }
    if (
      dto.escalationPolicyId &&
      !(await this.repository.exists('escalation_policy', dto.escalationPolicyId))
    ) {
      throw new BadRequestException(
        'escalationPolicyId: no such escalation policy in this organisation',
      );
    }
  }

  /** Dependencies must be other services of this organisation, without a cycle. */
  private async setDependencies(
    organizationId: string,
    serviceId: string,
    dependsOn: readonly string[],
  ): Promise<void> {
    const unique = [...new Set(dependsOn)];
    if (unique.includes(serviceId)) {
      throw new BadRequestException('dependsOn: a service cannot depend on itself');
    }
    const known = await this.repository.existing(unique);
    const unknown = unique.find((id) => !known.has(id));
    if (unknown)
      throw new BadRequestException(`dependsOn: no service ${unknown} in this organisation`);
    await this.uow.run((tx) => tx.lock(`service-dependencies:${organizationId}`));
    const edges = (await this.repository.dependencyPairs()).filter(
      (e) => e.serviceId !== serviceId,
    );
    const next = new Map<string, string[]>();
    for (const e of [...edges, ...unique.map((d) => ({ serviceId, dependsOnId: d }))]) {
      next.set(e.serviceId, [...(next.get(e.serviceId) ?? []), e.dependsOnId]);
    }
    const seen = new Set<string>();
    const stack = [...unique];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (current === serviceId) {
        throw new BadRequestException('dependsOn: this would make a dependency cycle');
      }
      if (seen.has(current)) continue;
      seen.add(current);
      stack.push(...(next.get(current) ?? []));
    }
    await this.repository.setDependencies(serviceId, unique);
  }

  private async record(id: string): Promise<ServiceRecord> {
    const record = await this.repository.get(id);
    if (!record) throw new NotFoundException('Service not found');
    return record;
  }

  private async found(id: string): Promise<ServiceEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Service not found');
    return row;
  }
}
