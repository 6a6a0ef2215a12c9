import { ServiceEntity } from '@hyperion/api/alerts';
import { UserEntity } from '@hyperion/api/auth';
import { OrganizationEntity } from '@hyperion/api/core';
import type {
  IncidentActor,
  IncidentAnalysis,
  IncidentChecklist,
  IncidentEnvironment,
  IncidentErrorType,
  IncidentPhase,
  IncidentPhaseStamp,
  IncidentProposedSolution,
  IncidentReporterKind,
  IncidentSeverity,
  IncidentStatus,
  IncidentTechnicalLogs,
  ReproductionStep,
} from '@hyperion/contracts';
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
 * An incident of one organisation: the anomaly sheet (anomaly-process.md) and where it stands in
 * its lifecycle. Numbered per organisation from 1 (assigned under an advisory lock). Written by
 * IncidentRepository; `version` moves with every change of the row (optimistic concurrency).
 * Any change here needs a migration (the schema-drift specs compare the two).
 */
@Entity({ name: 'incident' })
@Unique('incident_organization_number_key', ['organizationId', 'number'])
@Index('incident_organization_reported_idx', ['organizationId', 'reportedAt', 'id'])
@Index('incident_organization_updated_idx', ['organizationId', 'updatedAt', 'id'])
@Index('incident_organization_severity_idx', ['organizationId', 'severityRank', 'reportedAt', 'id'])
@Index('incident_organization_status_idx', ['organizationId', 'status'])
// GIN over search_vector (English and French full text): made by the migration, which TypeORM
// cannot express.
@Index('incident_search_idx', { synchronize: false })
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'incident_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: IncidentStatus;

  @Column({ type: 'varchar', length: 8 })
  severity!: IncidentSeverity;

  /** critical 0, high 1, medium 2, low 3: the severity sort. */
  @Column({ name: 'severity_rank', type: 'smallint' })
  severityRank!: number;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'reporter_kind', type: 'varchar', length: 8 })
  reporterKind!: IncidentReporterKind;

  @Column({ name: 'reporter_user_id', type: 'uuid', nullable: true })
  reporterUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'reporter_user_id',
    foreignKeyConstraintName: 'incident_reporter_user_id_fkey',
  })
  reporterUser?: UserEntity | null;

  @Column({ name: 'reporter_name', type: 'varchar', length: 200, nullable: true })
  reporterName!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  module!: string | null;

  @Column({ name: 'error_type', type: 'varchar', length: 32, nullable: true })
  errorType!: IncidentErrorType | null;

  @Column({ name: 'error_type_other', type: 'varchar', length: 200, nullable: true })
  errorTypeOther!: string | null;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'reproduction_steps', type: 'jsonb' })
  reproductionSteps!: ReproductionStep[];

  @Column({ name: 'expected_behaviour', type: 'text', nullable: true })
  expectedBehaviour!: string | null;

  @Column({ name: 'observed_behaviour', type: 'text', nullable: true })
  observedBehaviour!: string | null;

  @Column({ type: 'jsonb' })
  environment!: IncidentEnvironment;

  @Column({ name: 'technical_logs', type: 'jsonb' })
  technicalLogs!: IncidentTechnicalLogs;

  @Column({ type: 'jsonb' })
  analysis!: IncidentAnalysis;

  @Column({ name: 'proposed_solution', type: 'jsonb' })
  proposedSolution!: IncidentProposedSolution;

  @Column({ name: 'test_checklist', type: 'jsonb' })
  testChecklist!: IncidentChecklist;

  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId!: string | null;

  @ManyToOne(() => ServiceEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'incident_service_id_fkey' })
  service?: ServiceEntity | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'incident_assignee_id_fkey' })
  assignee?: UserEntity | null;

  @Column({ name: 'commander_id', type: 'uuid', nullable: true })
  commanderId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'commander_id', foreignKeyConstraintName: 'incident_commander_id_fkey' })
  commander?: UserEntity | null;

  @Column({ name: 'communications_lead_id', type: 'uuid', nullable: true })
  communicationsLeadId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'communications_lead_id',
    foreignKeyConstraintName: 'incident_communications_lead_id_fkey',
  })
  communicationsLead?: UserEntity | null;

  /** Not foreign keys (an array); a deleted account shows without a name. */
  @Column({ name: 'responder_ids', type: 'uuid', array: true })
  responderIds!: string[];

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'jsonb', nullable: true })
  acknowledgedBy!: IncidentActor | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'started_by', type: 'jsonb', nullable: true })
  startedBy!: IncidentActor | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_by', type: 'jsonb', nullable: true })
  resolvedBy!: IncidentActor | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closed_by', type: 'jsonb', nullable: true })
  closedBy!: IncidentActor | null;

  @Column({ name: 'reopened_at', type: 'timestamptz', nullable: true })
  reopenedAt!: Date | null;

  @Column({ name: 'reopened_by', type: 'jsonb', nullable: true })
  reopenedBy!: IncidentActor | null;

  @Column({ name: 'reopen_count', type: 'integer' })
  reopenCount!: number;

  /** The first acknowledgement: MTTA (a reopen does not erase it). */
  @Column({ name: 'first_acknowledged_at', type: 'timestamptz', nullable: true })
  firstAcknowledgedAt!: Date | null;

  /** The first resolution: MTTR (a reopen does not erase it). */
  @Column({ name: 'first_resolved_at', type: 'timestamptz', nullable: true })
  firstResolvedAt!: Date | null;

  @Column({ type: 'jsonb' })
  phases!: Partial<Record<IncidentPhase, IncidentPhaseStamp>>;

  @Column({ name: 'alert_count', type: 'integer' })
  alertCount!: number;

  @Column({ type: 'integer' })
  version!: number;

  /** The user who created it (null for the system or an API key, or once the user is deleted). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'incident_created_by_fkey' })
  creator?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** The English and French search document, stored by a trigger on every write (never read). */
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
  })
  searchVector?: string;
}
