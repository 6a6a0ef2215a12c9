import { OrganizationEntity } from '@hyperion/api/core';
import type { AlertSeverity, AlertState } from '@hyperion/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * AlertTally: how many alerts there are by service, state, severity and suppression, as signed
 * deltas written by a statement-level trigger on `alert` (migration 1796700000005) and folded
 * by the sweep. The alerts page sums them instead of counting the alerts. The application only
 * reads them and folds them.
 */
@Entity({ name: 'alert_tally' })
@Index('alert_tally_organization_idx', ['organizationId'])
export class AlertTallyEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'alert_tally_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  state!: AlertState;

  @Column({ type: 'varchar', length: 8 })
  severity!: AlertSeverity;

  @Column({ type: 'boolean' })
  suppressed!: boolean;

  @Column({ type: 'integer' })
  n!: number;
}
