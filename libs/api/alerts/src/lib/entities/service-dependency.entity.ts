import { OrganizationEntity } from '@hyperion/api/core';
import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { ServiceEntity } from './service.entity';

/** `serviceId` depends on `dependsOnId`: while the latter has a firing critical alert, the former's alerts are inhibited. */
@Entity({ name: 'service_dependency' })
export class ServiceDependencyEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'service_dependency_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @PrimaryColumn({ name: 'service_id', type: 'uuid' })
  serviceId!: string;

  @PrimaryColumn({ name: 'depends_on_id', type: 'uuid' })
  dependsOnId!: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'service_id',
    foreignKeyConstraintName: 'service_dependency_service_id_fkey',
  })
  service?: ServiceEntity;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'depends_on_id',
    foreignKeyConstraintName: 'service_dependency_depends_on_id_fkey',
  })
  dependsOn?: ServiceEntity;
}
