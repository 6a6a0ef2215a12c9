import { OrganizationEntity } from '@hyperion/api/core';
import type { EscalationLevel } from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/**
 * An escalation policy of one organisation: ordered levels (jsonb, checked by `levelProblems`)
 * run one after the other until someone acknowledges, `repeat` more times after the last. At most
 * one policy per organisation is the default (the partial unique index).
 */
@Entity({ name: 'escalation_policy' })
@Unique('escalation_policy_organization_name_key', ['organizationId', 'name'])
@Index('escalation_policy_organization_default_idx', ['organizationId'], {
  unique: true,
  where: '"is_default"',
})
export class EscalationPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'escalation_policy_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault!: boolean;

  @Column({ type: 'integer', default: 0 })
  repeat!: number;

  @Column({ type: 'jsonb' })
  levels!: EscalationLevel[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
