import { ApiKeyEntity } from './api-key.entity';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RoleEntity } from './role.entity';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';

export {
  ApiKeyEntity,
  RecoveryCodeEntity,
  RefreshTokenEntity,
  RoleEntity,
  UserEntity,
  UserRoleEntity,
};

/** Every entity of the identity domain (for TypeOrmModule.forFeature and the app's ENTITIES). */
export const AUTH_ENTITIES = [
  UserEntity,
  RoleEntity,
  UserRoleEntity,
  RecoveryCodeEntity,
  RefreshTokenEntity,
  ApiKeyEntity,
];
