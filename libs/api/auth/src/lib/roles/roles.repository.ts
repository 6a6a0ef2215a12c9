import { UnitOfWork } from '@hyperion/api/core';
import type { Permission } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { In, Repository } from 'typeorm';

import { RoleEntity } from '../entities/role.entity';
import { uniqueConflict } from '../users/users.repository';

export interface NewRole {
  name: string;
  description: string;
  permissions: Permission[];
  builtIn: boolean;
}

/** Roles of the unit of work's organisation. */
@Injectable()
export class RolesRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get roles(): Repository<RoleEntity> {
    return this.uow.manager.getRepository(RoleEntity);
  }

  list(): Promise<RoleEntity[]> {
    return this.roles.find({
      where: { organizationId: this.uow.organizationId },
      order: { builtIn: 'DESC', name: 'ASC' },
    });
  }

  findById(id: string): Promise<RoleEntity | null> {
    return this.roles.findOneBy({ id, organizationId: this.uow.organizationId });
  }

  findByNames(names: readonly string[]): Promise<RoleEntity[]> {
    return names.length === 0
      ? Promise.resolve([])
      : this.roles.findBy({ name: In([...names]), organizationId: this.uow.organizationId });
  }

  async create(role: NewRole): Promise<RoleEntity> {
    try {
      const result = await this.roles.insert({ ...role, organizationId: this.uow.organizationId });
      const created = await this.findById((result.identifiers[0] as { id: string }).id);
      if (!created) throw new Error(`role ${role.name} vanished after insert`);
      return created;
    } catch (error) {
      throw uniqueConflict(error) ?? error;
    }
  }

  /** Inserts or refreshes a built-in role of this organisation (safe with concurrent starts). */
  async upsertBuiltIn(role: Omit<NewRole, 'builtIn'>): Promise<void> {
    await this.uow.manager.query(
      `INSERT INTO "role" ("organization_id", "name", "description", "permissions", "built_in")
       VALUES ($1, $2, $3, $4, true)
       ON CONFLICT ("organization_id", "name") DO UPDATE
       SET "description" = EXCLUDED."description", "permissions" = EXCLUDED."permissions",
           "built_in" = true`,
      [this.uow.organizationId, role.name, role.description, role.permissions],
    );
  }

  async update(
    id: string,
    changes: Partial<Pick<RoleEntity, 'description' | 'permissions'>>,
  ): Promise<void> {
    await this.roles.update({ id, organizationId: this.uow.organizationId }, changes);
  }

  /**
   * The role's row, locked until the transaction ends (concurrent edits of it queue up). FOR NO
   * KEY UPDATE: role assignments (foreign-key checks) are not blocked by it, so it cannot deadlock
   * with them over the last-admin lock.
   */
  async lockById(id: string): Promise<RoleEntity | null> {
    return this.roles.findOne({
      where: { id, organizationId: this.uow.organizationId },
      lock: { mode: 'for_no_key_update' },
    });
  }

  async delete(id: string): Promise<void> {
    await this.roles.delete({ id, organizationId: this.uow.organizationId });
  }
}
