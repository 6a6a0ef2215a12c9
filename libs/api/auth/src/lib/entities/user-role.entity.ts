import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { RoleEntity } from './role.entity';
import { UserEntity } from './user.entity';

/**
 * The user ↔ role link, as an entity of its own rather than `@ManyToMany` + `@JoinTable`:
 * TypeORM's implicit junction always adds two unnamed indexes and ON UPDATE CASCADE, which the
 * migration (primary key + named foreign keys) deliberately does not have.
 */
@Entity({ name: 'user_role' })
export class UserRoleEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'role_id', type: 'uuid' })
  roleId!: string;

  @ManyToOne(() => UserEntity, (user) => user.userRoles, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_role_user_id_fkey' })
  user?: UserEntity;

  @ManyToOne(() => RoleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'user_role_role_id_fkey' })
  role!: RoleEntity;
}
