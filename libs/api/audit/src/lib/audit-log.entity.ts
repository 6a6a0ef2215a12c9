import { OrganizationEntity } from '@hyperion/api/core';
import type { ActorType, AuditResult } from '@hyperion/contracts';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * One audit record. Append-only: the database refuses UPDATE and DELETE on this table. A trigger
 * chains every insert (`chain_seq`, `prev_hash`, `hash`: see chain/audit-chain-format.ts); what
 * an INSERT gives for these three columns is overwritten.
 */
@Entity({ name: 'audit_log' })
@Check('audit_log_result_check', `"result" IN ('success', 'failure')`)
@Check('audit_log_actor_type_check', `"actor_type" IN ('user', 'api_key', 'system', 'anonymous')`)
@Index('audit_log_occurred_at_idx', ['occurredAt'])
@Index('audit_log_actor_idx', ['actorId', 'occurredAt'])
@Index('audit_log_action_idx', ['action', 'occurredAt'])
@Index('audit_log_target_idx', ['target', 'occurredAt'])
@Index('audit_log_organization_idx', ['organizationId', 'id'])
@Index('audit_log_chain_idx', ['organizationId', 'chainSeq'], { unique: true })
@Index('audit_log_instance_chain_idx', ['chainSeq'], {
  unique: true,
  where: '"organization_id" IS NULL',
})
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Null for instance-level entries. Row-level security keeps other organisations' rows out. */
  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'NO ACTION', nullable: true })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'audit_log_organization_id_fkey',
  })
  organization?: OrganizationEntity | null;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType!: ActorType;

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 128, nullable: true })
  actorName!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  target!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 16 })
  result!: AuditResult;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @Column({ name: 'correlation_id', type: 'varchar', length: 64, nullable: true })
  correlationId!: string | null;

  /** Position in its chain (the organisation's, or the instance's): 1, 2, 3 ... */
  @Column({ name: 'chain_seq', type: 'bigint' })
  chainSeq!: string;

  /** The previous row's hash in the chain (64 zeros for the first). */
  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  /** SHA-256 (hex) of this row's canonical content, which includes `prevHash`. */
  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
