import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';

import { UserRoleEntity } from '../entities/user-role.entity';
import { UserEntity } from '../entities/user.entity';

export interface NewUser {
  username: string;
  email: string;
  displayName: string;
  passwordHash: string;
  mustChangePassword: boolean;
}

export type UserChanges = Partial<
  Pick<
    UserEntity,
    | 'displayName'
    | 'status'
    | 'passwordHash'
    | 'mustChangePassword'
    | 'totpSecretEnc'
    | 'totpPendingEnc'
    | 'totpEnabled'
  >
>;

const WITH_ROLES = { userRoles: { role: true } } as const;
const SEED_LOCK = 'hyperion:seed-first-user';

/** The only place that touches TypeORM for users and their role links. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id }, relations: WITH_ROLES });
  }

  /** By username, or by email (both compared case-insensitively). */
  findForLogin(login: { username?: string; email?: string }): Promise<UserEntity | null> {
    const query = this.users
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.userRoles', 'ur')
      .leftJoinAndSelect('ur.role', 'r');
    if (login.username !== undefined) {
      query.where('lower(u.username) = lower(:v)', { v: login.username });
    } else {
      query.where('lower(u.email) = lower(:v)', { v: login.email ?? '' });
    }
    return query.getOne();
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ relations: WITH_ROLES, order: { username: 'ASC' } });
  }

  async create(user: NewUser, roleIds: readonly string[]): Promise<UserEntity> {
    const id = await this.dataSource.transaction((tx) => this.insert(tx, user, roleIds));
    return (await this.findById(id)) as UserEntity;
  }

  /**
   * Creates the first account unless one exists, serialised across API instances by an advisory
   * lock. Returns null when there already were users.
   */
  async createFirstUser(user: NewUser, roleIds: readonly string[]): Promise<UserEntity | null> {
    const id = await this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SEED_LOCK]);
      if ((await tx.count(UserEntity)) > 0) return null;
      return this.insert(tx, user, roleIds);
    });
    return id ? this.findById(id) : null;
  }

  /** Active users other than `exceptId` whose roles grant `permission`. */
  async countActiveWithPermission(permission: string, exceptId: string): Promise<number> {
    const [{ count }] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(DISTINCT u.id) AS count
         FROM app_user u
         JOIN user_role ur ON ur.user_id = u.id
         JOIN role r ON r.id = ur.role_id
        WHERE u.status = 'active' AND $1 = ANY (r.permissions) AND u.id <> $2`,
      [permission, exceptId],
    );
    return Number(count);
  }

  async update(id: string, changes: UserChanges): Promise<void> {
    await this.users.update({ id }, changes);
  }

  async setRoles(userId: string, roleIds: readonly string[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.delete(UserRoleEntity, { userId });
      if (roleIds.length > 0) {
        await tx.insert(
          UserRoleEntity,
          roleIds.map((roleId) => ({ userId, roleId })),
        );
      }
    });
  }

  private async insert(
    tx: EntityManager,
    user: NewUser,
    roleIds: readonly string[],
  ): Promise<string> {
    try {
      const result = await tx.insert(UserEntity, user);
      const id = (result.identifiers[0] as { id: string }).id;
      if (roleIds.length > 0) {
        await tx.insert(
          UserRoleEntity,
          roleIds.map((roleId) => ({ userId: id, roleId })),
        );
      }
      return id;
    } catch (error) {
      throw uniqueConflict(error) ?? error;
    }
  }
}

/** 409 for a duplicate username or email; undefined for any other error. */
function uniqueConflict(error: unknown): ConflictException | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  if (driverError.code !== '23505') return undefined;
  if (driverError.constraint === 'app_user_username_key') {
    return new ConflictException('username is already taken');
  }
  if (driverError.constraint === 'app_user_email_key') {
    return new ConflictException('email is already in use');
  }
  return new ConflictException('Already exists');
}
