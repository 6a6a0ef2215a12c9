import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The newest row of each audit chain, kept by the audit_log trigger (as the table's owner). The
 * application role may read its own organisation's head and write none; verification compares
 * the end of a chain with it, so rows removed from the end of a chain are noticed.
 */
@Entity({ name: 'audit_chain_head' })
export class AuditChainHeadEntity {
  /** The organisation's id, or `instance` for instance-level rows. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  chain!: string;

  @Column({ name: 'last_seq', type: 'bigint' })
  lastSeq!: string;

  @Column({ name: 'last_hash', type: 'varchar', length: 64 })
  lastHash!: string;

  @Column({ name: 'last_id', type: 'bigint' })
  lastId!: string;

  @Column({ name: 'last_occurred_at', type: 'timestamptz' })
  lastOccurredAt!: Date;
}
