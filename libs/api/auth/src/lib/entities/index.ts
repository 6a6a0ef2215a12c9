import { ApiKeyEntity } from './api-key.entity';
import { MembershipRoleEntity } from './membership-role.entity';
import { MembershipEntity } from './membership.entity';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RoleEntity } from './role.entity';
import { UserEntity } from './user.entity';

export {
  ApiKeyEntity,
  MembershipEntity,
  MembershipRoleEntity,
  RecoveryCodeEntity,
  RefreshTokenEntity,
  RoleEntity,
  UserEntity,
};

/** Every entity of the identity domain (for TypeOrmModule.forFeature and the app's ENTITIES). */
export const AUTH_ENTITIES = [
  UserEntity,
  RoleEntity,
  MembershipEntity,
  MembershipRoleEntity,
  RecoveryCodeEntity,
  RefreshTokenEntity,
  ApiKeyEntity,
];
