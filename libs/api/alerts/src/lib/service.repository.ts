import { UnitOfWork } from '@hyperion/api/core';
import type { AlertSeverity } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';

import { withConflicts } from './config/unique-conflict';

import { ServiceDependencyEntity } from './entities/service-dependency.entity';
import { ServiceIntegrationEntity } from './entities/service-integration.entity';
import { ServiceEntity } from './entities/service.entity';

/** The fields a use case sets; the organisation comes from the unit of work. */
export type ServiceFields = Pick<
  ServiceEntity,
  | 'name'
  | 'description'
  | 'teamId'
  | 'escalationPolicyId'
  | 'autoResolveMinutes'
  | 'urgencyRule'
  | 'groupBy'
  | 'groupWaitSeconds'
  | 'groupIntervalSeconds'
>;

/** A service with what its summary shows. */
export interface ServiceRecord {
  service: ServiceEntity;
  dependsOn: string[];
  integrations: ServiceIntegrationEntity[];
  openAlerts: Partial<Record<AlertSeverity, number>>;
}

/**
 * The only place that touches TypeORM for services. Every call runs inside a unit of
 * work (`UnitOfWork.run`): its EntityManager carries the organisation, so row-level security
 * keeps other organisations' rows out of every query.
 */
@Injectable()
export class ServiceRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<ServiceEntity> {
    return this.uow.manager.getRepository(ServiceEntity);
  }

  private get integrationRows(): Repository<ServiceIntegrationEntity> {
    return this.uow.manager.getRepository(ServiceIntegrationEntity);
  }

  private get dependencyRows(): Repository<ServiceDependencyEntity> {
    return this.uow.manager.getRepository(ServiceDependencyEntity);
  }

  async list(): Promise<ServiceRecord[]> {
    return this.records(await this.rows.find({ order: { name: 'ASC', id: 'ASC' } }));
  }

  async get(id: string): Promise<ServiceRecord | null> {
    const row = await this.findById(id);
    return row ? (await this.records([row]))[0] : null;
  }

  findById(id: string): Promise<ServiceEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** Ids among `ids` that are services of this organisation. */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = (await this.uow.manager.query(`SELECT "id" FROM "service" WHERE "id" = ANY($1)`, [
      ids,
    ])) as { id: string }[];
    return new Set(found.map((r) => r.id));
  }

  /** Whether a row with this id exists in `table` (RLS: in this organisation). */
  async exists(table: 'team' | 'escalation_policy', id: string): Promise<boolean> {
    const found = (await this.uow.manager.query(`SELECT 1 FROM "${table}" WHERE "id" = $1`, [
      id,
    ])) as unknown[];
    return found.length > 0;
  }

  /** Every (service, depends-on) pair of this organisation (cycle checks). */
  async dependencyPairs(): Promise<{ serviceId: string; dependsOnId: string }[]> {
    return this.dependencyRows.find({ select: { serviceId: true, dependsOnId: true } });
  }

  create(fields: ServiceFields): Promise<ServiceEntity> {
    return this.save(this.rows.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(row: ServiceEntity, fields: Partial<ServiceFields>): Promise<ServiceEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  async setDependencies(serviceId: string, dependsOn: readonly string[]): Promise<void> {
    await this.dependencyRows.delete({ serviceId });
    if (dependsOn.length === 0) return;
    await this.dependencyRows.insert(
      dependsOn.map((dependsOnId) => ({
        organizationId: this.uow.organizationId,
        serviceId,
        dependsOnId,
      })),
    );
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  countIntegrations(serviceId: string): Promise<number> {
    return this.integrationRows.countBy({ serviceId });
  }

  createIntegration(
    fields: Pick<
      ServiceIntegrationEntity,
      'serviceId' | 'name' | 'kind' | 'routingKey' | 'rateLimitPerMinute'
    >,
  ): Promise<ServiceIntegrationEntity> {
    return this.integrationRows.save(
      this.integrationRows.create({ ...fields, organizationId: this.uow.organizationId }),
    );
  }

  findIntegration(serviceId: string, id: string): Promise<ServiceIntegrationEntity | null> {
    return this.integrationRows.findOneBy({ serviceId, id });
  }

  async deleteIntegration(id: string): Promise<void> {
    await this.integrationRows.delete({ id });
  }

  private async records(services: ServiceEntity[]): Promise<ServiceRecord[]> {
    if (services.length === 0) return [];
    const ids = services.map((s) => s.id);
    // One after the other: one transaction is one connection.
    const dependencies = await this.dependencyRows.find({
      where: ids.map((serviceId) => ({ serviceId })),
    });
    const integrations = await this.integrationRows.find({
      where: ids.map((serviceId) => ({ serviceId })),
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const open = (await this.uow.manager.query(
      `SELECT "service_id", "severity", count(*)::int AS n FROM "alert"
        WHERE "service_id" = ANY($1) AND "state" IN ('triggered', 'acknowledged', 'snoozed')
        GROUP BY 1, 2`,
      [ids],
    )) as { service_id: string; severity: AlertSeverity; n: number }[];
    return services.map((service) => ({
      service,
      dependsOn: dependencies.filter((d) => d.serviceId === service.id).map((d) => d.dependsOnId),
      integrations: integrations.filter((i) => i.serviceId === service.id),
      openAlerts: Object.fromEntries(
        open.filter((o) => o.service_id === service.id).map((o) => [o.severity, o.n]),
      ),
    }));
  }

  private save(row: ServiceEntity): Promise<ServiceEntity> {
    return withConflicts(() => this.rows.save(row), {
      service_organization_name_key: `A service named "${row.name}" already exists`,
    });
  }
}
