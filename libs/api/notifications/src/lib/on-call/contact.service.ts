import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import type {
  ContactSummary,
  CreateContactRequest,
  NotificationPreferences,
  NotificationRule,
  UpdateContactRequest,
} from '@hyperion/contracts';
import { ON_CALL_ROUTES, ON_CALL_RULES } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { ContactRepository } from './contact.repository';
import { ContactEntity, StoredPreferences } from './entities/contact.entity';
import { newIcalToken } from './ical-token';

/** The response the API and the console see; entities never leave this library. */
export function toContactSummary(row: ContactEntity): ContactSummary {
  return {
    id: row.id,
    name: row.name,
    userId: row.userId,
    email: row.email,
    phone: row.phone,
    handles: row.handles,
    timeZone: row.timeZone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    icalUrl: ON_CALL_ROUTES.contactIcal(row.icalToken),
  };
}

/** A contact's preferences (empty rule lists until some are set). */
export function toPreferences(row: ContactEntity): NotificationPreferences {
  const stored = row.notificationPreferences;
  return {
    contactId: row.id,
    highUrgency: stored?.highUrgency ?? [],
    lowUrgency: stored?.lowUrgency ?? [],
    quietHours: stored?.quietHours ?? null,
  };
}

const target = (id: string) => `contact:${id}`;

/** Rules by delay (stable: equal delays keep their order), only the known fields. */
function sortedRules(rules: readonly NotificationRule[], field: string): NotificationRule[] {
  if (rules.length > ON_CALL_RULES.rulesMax) {
    throw new BadRequestException(`${field}: at most ${ON_CALL_RULES.rulesMax} rules`);
  }
  rules.forEach((rule, i) => {
    if (
      !Number.isInteger(rule.delayMinutes) ||
      rule.delayMinutes < 0 ||
      rule.delayMinutes > ON_CALL_RULES.delayMinutesMax
    ) {
      throw new BadRequestException(
        `${field}[${i}].delayMinutes: a whole number from 0 to ${ON_CALL_RULES.delayMinutesMax}`,
      );
    }
  });
  return rules
    .map((r) => ({ delayMinutes: r.delayMinutes, kind: r.kind }))
    .sort((a, b) => a.delayMinutes - b.delayMinutes);
}

/**
 * Contacts and their notification preferences. Each use case runs in one unit of work, in the
 * organisation of the request context (another organisation's contact is not found).
 */
@Injectable()
export class ContactService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: ContactRepository,
  ) {}

  list(): Promise<ContactSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map(toContactSummary));
  }

  get(id: string): Promise<ContactSummary> {
    return this.uow.run(async () => toContactSummary(await this.found(id)));
  }

  create(dto: CreateContactRequest): Promise<ContactSummary> {
    return this.uow.run(async (tx) => {
      const userId = dto.userId ?? null;
      if (userId) await this.requireMember(userId);
      const row = await this.repository.create({
        name: dto.name,
        userId,
        email: dto.email ?? null,
        phone: dto.phone ?? null,
        handles: { ...(dto.handles ?? {}) },
        timeZone: dto.timeZone,
        icalToken: newIcalToken(),
        notificationPreferences: null,
      });
      await tx.audit({
        action: 'contact_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name, userId: row.userId },
      });
      return toContactSummary(row);
    });
  }

  update(id: string, dto: UpdateContactRequest): Promise<ContactSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const previousName = row.name;
      if (dto.userId && dto.userId !== row.userId) await this.requireMember(dto.userId);
      const updated = await this.repository.update(row, {
        name: dto.name ?? row.name,
        userId: dto.userId === undefined ? row.userId : dto.userId,
        email: dto.email === undefined ? row.email : dto.email,
        phone: dto.phone === undefined ? row.phone : dto.phone,
        handles: dto.handles ? { ...dto.handles } : row.handles,
        timeZone: dto.timeZone ?? row.timeZone,
      });
      await tx.audit({
        action: 'contact_updated',
        target: target(id),
        result: 'success',
        details: { name: updated.name, previousName, changed: Object.keys(dto).sort() },
      });
      return toContactSummary(updated);
    });
  }

  /** 409 while a schedule's layer names the contact (overrides and team places go with it). */
  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const schedules = await this.repository.schedulesNaming(id);
      if (schedules.length > 0) {
        throw new ConflictException(
          `The contact is in a rotation of these schedules: ${schedules.join(', ')}; remove them from it first`,
        );
      }
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'contact_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name },
      });
    });
  }

  /** A new iCal token: the old feed URL stops working at once. */
  rotateIcalToken(id: string): Promise<ContactSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const updated = await this.repository.update(row, { icalToken: newIcalToken() });
      await tx.audit({
        action: 'ical_token_rotated',
        target: target(id),
        result: 'success',
        details: { feed: 'contact', name: row.name },
      });
      return toContactSummary(updated);
    });
  }

  /** With `notifications:read`, or the caller's own contact (403 otherwise). */
  getPreferences(id: string): Promise<NotificationPreferences> {
    return this.uow.run(async () => {
      const row = await this.found(id);
      this.requireSelfOr(row, 'notifications:read', 'read');
      return toPreferences(row);
    });
  }

  /** With `notifications:write`, or the caller's own contact (403 otherwise). */
  updatePreferences(
    id: string,
    dto: Omit<NotificationPreferences, 'contactId'>,
  ): Promise<NotificationPreferences> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      this.requireSelfOr(row, 'notifications:write', 'change');
      const stored: StoredPreferences = {
        highUrgency: sortedRules(dto.highUrgency, 'highUrgency'),
        lowUrgency: sortedRules(dto.lowUrgency, 'lowUrgency'),
        quietHours: dto.quietHours ? { from: dto.quietHours.from, to: dto.quietHours.to } : null,
      };
      const updated = await this.repository.update(row, { notificationPreferences: stored });
      await tx.audit({
        action: 'notification_rules_updated',
        target: target(id),
        result: 'success',
        details: {
          name: row.name,
          highUrgency: stored.highUrgency.length,
          lowUrgency: stored.lowUrgency.length,
          quietHours: stored.quietHours,
        },
      });
      return toPreferences(updated);
    });
  }

  private requireSelfOr(
    row: ContactEntity,
    permission: 'notifications:read' | 'notifications:write',
    verb: string,
  ): void {
    const actor = RequestContext.current()?.actor;
    if (!actor) throw new ForbiddenException('No caller');
    if (actor.permissions.includes(permission)) return;
    if (actor.type === 'user' && row.userId !== null && row.userId === actor.id) return;
    throw new ForbiddenException(
      `You may only ${verb} your own notification rules without ${permission}`,
    );
  }

  private async requireMember(userId: string): Promise<void> {
    if (!(await this.repository.isMember(userId))) {
      throw new BadRequestException('userId: not a member of this organisation');
    }
  }

  private async found(id: string): Promise<ContactEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Contact not found');
    return row;
  }
}
