import { UnitOfWork } from '@hyperion/api/core';
import { ConflictException, Injectable } from '@nestjs/common';
import { QueryFailedError, Repository } from 'typeorm';

import { UserEntity } from '../entities/user.entity';

export interface NewUser {
  username: string;
  email: string;
  displayName: string;
  passwordHash: string;
  mustChangePassword: boolean;
  platformAdmin?: boolean;
}

export type UserChanges = Partial<
  Pick<
    UserEntity,
    | 'displayName'
    | 'email'
    | 'status'
    | 'passwordHash'
    | 'mustChangePassword'
    | 'totpSecretEnc'
    | 'totpPendingEnc'
    | 'totpEnabled'
  >
>;

const SEED_LOCK = 'hyperion:seed-first-user';

/** Accounts (instance-level: an account may belong to several organisations). Inside a unit of work. */
@Injectable()
export class UsersRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get users(): Repository<UserEntity> {
    return this.uow.manager.getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** By username, or by email (both compared case-insensitively). */
  findForLogin(login: { username?: string; email?: string }): Promise<UserEntity | null> {
    const query = this.users.createQueryBuilder('u');
    if (login.username !== undefined) {
      query.where('lower(u.username) = lower(:v)', { v: login.username });
    } else {
      query.where('lower(u.email) = lower(:v)', { v: login.email ?? '' });
    }
    return query.getOne();
  }

  /** By username or email, whichever `login` looks like. */
  findByLogin(login: string): Promise<UserEntity | null> {
    return this.findForLogin(login.includes('@') ? { email: login } : { username: login });
  }

  async create(user: NewUser): Promise<UserEntity> {
    try {
      const result = await this.users.insert(user);
      const id = (result.identifiers[0] as { id: string }).id;
      const created = await this.findById(id);
      if (!created) throw new Error(`user ${id} vanished after insert`);
      return created;
    } catch (error) {
      throw uniqueConflict(error) ?? error;
    }
  }

  /** Creates the first account unless one exists (serialised across instances). */
  async createFirstUser(user: NewUser): Promise<UserEntity | null> {
    await this.uow.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SEED_LOCK]);
    if ((await this.users.count()) > 0) return null;
    return this.create(user);
  }

  /** 409 naming the field for a duplicate email. */
  async update(id: string, changes: UserChanges): Promise<void> {
    try {
      await this.users.update({ id }, changes);
    } catch (error) {
      throw uniqueConflict(error) ?? error;
    }
  }
}

/** 409 for a duplicate username or email; undefined for any other error. */
export function uniqueConflict(error: unknown): ConflictException | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  if (driverError.code !== '23505') return undefined;
  const messages: Record<string, string> = {
    app_user_username_key: 'username is already taken',
    app_user_email_key: 'email is already in use',
    role_organization_name_key: 'name: a role with this name already exists',
    membership_organization_user_key: 'login: this account is already a member',
    organization_slug_key: 'slug is already taken',
  };
  return new ConflictException(messages[driverError.constraint ?? ''] ?? 'Already exists');
}
