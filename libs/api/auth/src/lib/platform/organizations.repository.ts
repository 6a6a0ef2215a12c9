import { OrganizationEntity, UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';

import { uniqueConflict } from '../users/users.repository';

/** Organisations (instance-level rows, managed by platform administrators). */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get organizations(): Repository<OrganizationEntity> {
    return this.uow.manager.getRepository(OrganizationEntity);
  }

  list(): Promise<OrganizationEntity[]> {
    return this.organizations.find({ order: { createdAt: 'ASC' } });
  }

  findById(id: string): Promise<OrganizationEntity | null> {
    return this.organizations.findOneBy({ id });
  }

  /** Member counts per organisation (a platform-scope unit of work sees every membership). */
  async memberCounts(): Promise<Map<string, number>> {
    const rows: { organization_id: string; count: number }[] = await this.uow.manager.query(
      `SELECT organization_id, count(*)::int AS count FROM membership GROUP BY organization_id`,
    );
    return new Map(rows.map((r) => [r.organization_id, r.count]));
  }

  /** Members of one organisation (visible in its own unit of work). */
  async memberCount(id: string): Promise<number> {
    const [{ count }] = await this.uow.manager.query(
      `SELECT count(*)::int AS count FROM membership WHERE organization_id = $1`,
      [id],
    );
    return count;
  }

  async create(id: string, name: string, slug: string): Promise<OrganizationEntity> {
    try {
      await this.organizations.insert({ id, name, slug });
    } catch (error) {
      throw uniqueConflict(error) ?? error;
    }
    const created = await this.findById(id);
    if (!created) throw new Error(`organisation ${slug} vanished after insert`);
    return created;
  }

  async update(id: string, changes: { name?: string; disabledAt?: Date | null }): Promise<void> {
    await this.organizations.update({ id }, changes);
  }
}
