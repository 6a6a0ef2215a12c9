import { OrganizationEntity } from '@hyperion/api/core';
import type { IncidentContactRule, IncidentSeverity } from '@hyperion/contracts';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The incident settings of one organisation (one row, written on the first change; until then
 * the defaults of incident-settings.defaults.ts apply).
 */
@Entity({ name: 'incident_settings' })
export class IncidentSettingsEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'incident_settings_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'jsonb' })
  modules!: string[];

  @Column({ name: 'open_from_alert_severities', type: 'jsonb' })
  openFromAlertSeverities!: ('critical' | 'high')[];

  @Column({ name: 'resolve_alerts_on_resolve', type: 'boolean' })
  resolveAlertsOnResolve!: boolean;

  @Column({ type: 'jsonb' })
  contacts!: Record<IncidentSeverity, IncidentContactRule>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
