import type { UserStatus } from '@hyperion/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { MembershipEntity } from './membership.entity';

@Entity({ name: 'app_user' })
@Unique('app_user_username_key', ['username'])
@Unique('app_user_email_key', ['email'])
@Check('app_user_status_check', `"status" IN ('active', 'disabled')`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128 })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 256 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: UserStatus;

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  /** AES-256-GCM (SecretBox), associated data `totp:<id>`. */
  @Column({ name: 'totp_secret_enc', type: 'text', nullable: true })
  totpSecretEnc!: string | null;

  /** A secret set up but not yet confirmed with a code. */
  @Column({ name: 'totp_pending_enc', type: 'text', nullable: true })
  totpPendingEnc!: string | null;

  @Column({ name: 'totp_enabled', type: 'boolean', default: false })
  totpEnabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Instance-level: manages organisations (the first account holds it). */
  @Column({ name: 'platform_admin', type: 'boolean', default: false })
  platformAdmin!: boolean;

  @OneToMany(() => MembershipEntity, (m) => m.user)
  memberships?: MembershipEntity[];
}
