import type { DependencyState, OverallStatus } from '@hyperion/contracts';
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'health_transition' })
@Check('health_transition_status_check', `"status" IN ('healthy', 'unhealthy')`)
@Index('health_transition_occurred_at_idx', ['occurredAt'])
export class HealthTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  status!: OverallStatus;

  @Column({ type: 'varchar', length: 8 })
  database!: DependencyState;

  @Column({ type: 'varchar', length: 8 })
  redis!: DependencyState;

  @Column({ name: 'disk_healthy', type: 'boolean' })
  diskHealthy!: boolean;

  @Column({ name: 'memory_healthy', type: 'boolean' })
  memoryHealthy!: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  errors!: string[];
}
