import { OrganizationEntity } from '@hyperion/api/core';
import type { IntegrationKind } from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

import { ServiceEntity } from './service.entity';

/**
 * An integration of a service: its routing key lets a monitoring tool send alerts to the service
 * without an API key. The key is found before the organisation is known, through
 * `hyperion_lookup('routing_key')` (the only row visible outside its organisation is the one
 * whose key was presented).
 */
@Entity({ name: 'service_integration' })
@Unique('service_integration_organization_routing_key_key', ['organizationId', 'routingKey'])
@Index('service_integration_routing_key_idx', ['routingKey'])
export class ServiceIntegrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'service_integration_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'service_id', type: 'uuid' })
  serviceId!: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'service_id',
    foreignKeyConstraintName: 'service_integration_service_id_fkey',
  })
  service?: ServiceEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: IntegrationKind;

  @Column({ name: 'routing_key', type: 'varchar', length: 32 })
  routingKey!: string;

  @Column({ name: 'rate_limit_per_minute', type: 'integer' })
  rateLimitPerMinute!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
