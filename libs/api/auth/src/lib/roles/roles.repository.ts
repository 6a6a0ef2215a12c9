import type { Permission } from '@hyperion/contracts';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, QueryFailedError, Repository } from 'typeorm';

import { RoleEntity } from '../entities/role.entity';

export interface NewRole {
  name: string;
  description: string;
  permissions: Permission[];
  builtIn: boolean;
}

/** The only place that touches TypeORM for roles. */
@Injectable()
export class RolesRepository {
  constructor(@InjectRepository(RoleEntity) private readonly roles: Repository<RoleEntity>) {}

  list(): Promise<RoleEntity[]> {
    return this.roles.find({ order: { builtIn: 'DESC', name: 'ASC' } });
  }

  findById(id: string): Promise<RoleEntity | null> {
    return this.roles.findOneBy({ id });
  }

  findByNames(names: readonly string[]): Promise<RoleEntity[]> {
    return names.length === 0 ? Promise.resolve([]) : this.roles.findBy({ name: In([...names]) });
  }

  async create(role: NewRole): Promise<RoleEntity> {
    try {
      const result = await this.roles.insert(role);
      const id = (result.identifiers[0] as { id: string }).id;
      return (await this.findById(id)) as RoleEntity;
    } catch (error) {
      const code = (error as QueryFailedError & { driverError?: { code?: string } }).driverError
        ?.code;
      if (error instanceof QueryFailedError && code === '23505') {
        throw new ConflictException(`Role ${role.name} already exists`);
      }
      throw error;
    }
  }

  /** Inserts or refreshes a built-in role (safe when several instances start together). */
  async upsertBuiltIn(role: Omit<NewRole, 'builtIn'>): Promise<void> {
    await this.roles.query(
      `INSERT INTO "role" ("name", "description", "permissions", "built_in")
       VALUES ($1, $2, $3, true)
       ON CONFLICT ("name") DO UPDATE
       SET "description" = EXCLUDED."description", "permissions" = EXCLUDED."permissions",
           "built_in" = true`,
      [role.name, role.description, role.permissions],
    );
  }

  async delete(id: string): Promise<void> {
    await this.roles.delete({ id });
  }
}
