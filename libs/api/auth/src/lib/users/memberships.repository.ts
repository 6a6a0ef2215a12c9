import { UnitOfWork } from '@hyperion/api/core';
import type { Permission } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { Repository } from 'typeorm';

import { MembershipRoleEntity } from '../entities/membership-role.entity';
import { MembershipEntity } from '../entities/membership.entity';
import { uniqueConflict } from './users.repository';

const WITH_ROLES = { user: true, roles: { role: true } } as const;

/** Memberships of the unit of work's organisation (row-level security keeps others out). */
@Injectable()
export class MembershipsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get memberships(): Repository<MembershipEntity> {
    return this.uow.manager.getRepository(MembershipEntity);
  }

  /** The organisation's members, with their accounts and roles. */
  list(): Promise<MembershipEntity[]> {
    return this.memberships.find({
      where: { organizationId: this.uow.organizationId },
      relations: WITH_ROLES,
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * One page of the organisation's members, oldest first, and how many match in all; `q`
   * matches username, email or display name (case-insensitive substring, taken literally).
   */
  page(query: {
    q?: string;
    offset: number;
    limit: number;
  }): Promise<[MembershipEntity[], number]> {
    const builder = this.memberships
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.user', 'u')
      .leftJoinAndSelect('m.roles', 'link')
      .leftJoinAndSelect('link.role', 'role')
      .where('m.organizationId = :organizationId', { organizationId: this.uow.organizationId })
      .orderBy('m.createdAt', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .skip(query.offset)
      .take(query.limit);
    const q = query.q?.trim();
    if (q) {
      builder.andWhere(
        '(u.username ILIKE :pattern OR u.email ILIKE :pattern OR u.displayName ILIKE :pattern)',
        { pattern: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
      );
    }
    return builder.getManyAndCount();
  }

  findByUser(userId: string): Promise<MembershipEntity | null> {
    return this.memberships.findOne({
      where: { organizationId: this.uow.organizationId, userId },
      relations: WITH_ROLES,
    });
  }

  /** Every membership of `userId` (visible when the unit of work runs for that user). */
  ofUser(userId: string): Promise<MembershipEntity[]> {
    return this.memberships.find({
      where: { userId },
      relations: { organization: true, roles: { role: true } },
      order: { createdAt: 'ASC' },
    });
  }

  async add(userId: string, roleIds: readonly string[]): Promise<MembershipEntity> {
    const organizationId = this.uow.organizationId;
    try {
      const result = await this.memberships.insert({ organizationId, userId });
      const id = (result.identifiers[0] as { id: string }).id;
      await this.setRoles(id, roleIds);
    } catch (error) {
      throw uniqueConflict(error) ?? error;
    }
    const created = await this.findByUser(userId);
    if (!created) throw new Error(`membership of ${userId} vanished after insert`);
    return created;
  }

  /** Replaces the membership's roles; concurrent replacements of one membership queue up. */
  async setRoles(membershipId: string, roleIds: readonly string[]): Promise<void> {
    const organizationId = this.uow.organizationId;
    await this.uow.manager.query(`SELECT 1 FROM membership WHERE id = $1 FOR UPDATE`, [
      membershipId,
    ]);
    const links = this.uow.manager.getRepository(MembershipRoleEntity);
    await links.delete({ membershipId });
    if (roleIds.length > 0) {
      await links.insert(roleIds.map((roleId) => ({ membershipId, roleId, organizationId })));
    }
  }

  async remove(membershipId: string): Promise<void> {
    await this.memberships.delete({ id: membershipId });
  }

  /** Active members other than `exceptUserId` whose roles here grant `permission`. */
  async countActiveWithPermission(permission: Permission, exceptUserId: string): Promise<number> {
    const [{ count }] = await this.uow.manager.query(
      `SELECT count(DISTINCT u.id) AS count
         FROM membership m
         JOIN app_user u ON u.id = m.user_id
         JOIN membership_role mr ON mr.membership_id = m.id
         JOIN role r ON r.id = mr.role_id
        WHERE m.organization_id = $3 AND u.status = 'active' AND $1 = ANY (r.permissions)
          AND u.id <> $2`,
      [permission, exceptUserId, this.uow.organizationId],
    );
    return Number(count);
  }
}

/**
 * Where a session opens: the account's oldest membership of an enabled organisation (the same
 * one at every sign-in); null when it has none. The console switches from there.
 */
export function homeOrganization(memberships: readonly MembershipEntity[]): string | null {
  return (
    memberships.find((m) => m.organization && !m.organization.disabledAt)?.organizationId ?? null
  );
}
