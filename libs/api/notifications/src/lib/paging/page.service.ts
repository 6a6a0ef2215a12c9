import { AppConfig, RequestContext, Tx, UnitOfWork } from '@hyperion/api/core';
import type {
  CreatePageRequest,
  NotificationChannelKind,
  NotificationMessage,
  PageState,
  PageSummary,
} from '@hyperion/contracts';
import { JOBS, QUEUES } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { NotificationDeliveryService } from '../delivery/notification-delivery.service';
import { ContactRepository } from '../on-call/contact.repository';
import { toPreferences } from '../on-call/contact.service';
import { ContactEntity } from '../on-call/entities/contact.entity';
import { ScheduleService } from '../on-call/schedule.service';
import { PageEntity } from './entities/page.entity';
import { PageRecord, PageRepository } from './page.repository';
import { planSteps, rulesFor } from './paging-math';

/** The data of a page-step job (the outbox relay adds organizationId and correlationId). */
export interface PageStepJob {
  pageId: string;
  step: number;
}

const target = (id: string) => `page:${id}`;

export function toPageSummary({ page, steps }: PageRecord): PageSummary {
  return {
    id: page.id,
    contactId: page.contactId,
    contactName: page.contactName,
    scheduleId: page.scheduleId,
    urgency: page.urgency,
    state: page.state,
    title: page.message.title,
    summary: page.message.summary,
    severity: page.message.severity,
    service: page.message.service,
    dedupKey: page.dedupKey,
    steps: steps.map((s) => ({
      step: s.step,
      delayMinutes: s.delayMinutes,
      kind: s.kind,
      dueAt: s.dueAt.toISOString(),
      state: s.state,
      deliveryId: s.deliveryId,
      reason: s.reason,
      doneAt: s.doneAt ? s.doneAt.toISOString() : null,
    })),
    createdAt: page.createdAt.toISOString(),
    acknowledgedAt: page.acknowledgedAt ? page.acknowledgedAt.toISOString() : null,
    acknowledgedBy: page.acknowledgedBy,
  };
}

/**
 * Where a step of `kind` reaches the contact: their address for that kind; for chat kinds
 * without a handle, the channel's own room (the page still reaches the team); `missing` when
 * the kind needs an address the contact lacks.
 */
export function addressFor(
  kind: NotificationChannelKind,
  contact: Pick<ContactEntity, 'email' | 'phone' | 'handles'>,
): { recipient: string | null } | { missing: string } {
  switch (kind) {
    case 'email':
      return contact.email
        ? { recipient: contact.email }
        : { missing: 'the contact has no email address' };
    case 'sms':
    case 'voice':
      return contact.phone
        ? { recipient: contact.phone }
        : { missing: 'the contact has no phone number' };
    case 'webhook':
      return { recipient: null };
    default:
      return { recipient: contact.handles[kind] ?? null };
  }
}

/**
 * Pages: a person notified step by step, as their personal rules say, until someone
 * acknowledges. Creating a page writes it, its steps, its audit row and one delayed job per step
 * in one unit of work; each step job runs once (the step row moves from `scheduled` exactly once,
 * under the page's row lock, which acknowledging takes too), and its delivery carries the
 * idempotency key `page:<id>:<step>`.
 */
@Injectable()
export class PageService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: PageRepository,
    private readonly contacts: ContactRepository,
    private readonly schedules: ScheduleService,
    private readonly deliveries: NotificationDeliveryService,
    private readonly config: AppConfig,
  ) {}

  /** `created: false` when the dedup key names an existing page (nobody is paged again). */
  create(dto: CreatePageRequest): Promise<{ page: PageSummary; created: boolean }> {
    if ((dto.contactId ? 1 : 0) + (dto.scheduleId ? 1 : 0) !== 1) {
      throw new BadRequestException(
        'contactId: give either contactId or scheduleId, not both nor neither',
      );
    }
    return this.uow.run(async (tx) => {
      if (dto.dedupKey) {
        await tx.lock(`page-dedup:${tx.organizationId}:${dto.dedupKey}`);
        const existing = await this.repository.findByDedupKey(dto.dedupKey);
        if (existing) {
          const record = await this.repository.get(existing.id);
          return { page: toPageSummary(record as PageRecord), created: false };
        }
      }
      const contact = await this.contactToPage(dto);
      const preferences = toPreferences(contact);
      const rules = rulesFor(preferences, dto.urgency, contact);
      if (rules.length === 0) {
        throw new ConflictException(
          `${contact.name} has no notification rules for ${dto.urgency}-urgency pages, no email address and no phone number: there is no way to reach them`,
        );
      }
      const now = new Date();
      const steps = planSteps(rules, now, this.config.pagingMinuteMs, {
        urgency: dto.urgency,
        quietHours: preferences.quietHours,
        timeZone: contact.timeZone,
      });
      const message: NotificationMessage = {
        title: dto.title,
        summary: dto.summary ?? '',
        severity: dto.severity,
        service: dto.service ?? 'Hyperion',
        status: 'triggered',
        timestamp: now.toISOString(),
        details: { ...(dto.details ?? {}), paged: contact.name, urgency: dto.urgency },
      };
      const record = await this.repository.insert(
        {
          contactId: contact.id,
          contactName: contact.name,
          scheduleId: dto.scheduleId ?? null,
          urgency: dto.urgency,
          dedupKey: dto.dedupKey ?? null,
          message,
        },
        steps,
      );
      for (const step of steps) {
        const job: PageStepJob = { pageId: record.page.id, step: step.step };
        await tx.enqueue(
          QUEUES.notificationPages,
          JOBS.pageStep,
          { ...job },
          { runAt: step.dueAt },
        );
      }
      await tx.audit({
        action: 'page_created',
        target: target(record.page.id),
        result: 'success',
        details: {
          contact: contact.name,
          urgency: dto.urgency,
          steps: steps.map((s) => `${s.delayMinutes}m ${s.kind}`),
          ...(dto.scheduleId ? { scheduleId: dto.scheduleId } : {}),
          ...(dto.dedupKey ? { dedupKey: dto.dedupKey } : {}),
        },
      });
      const summary = toPageSummary(record);
      await tx.emit('page:changed', summary);
      return { page: summary, created: true };
    });
  }

  list(filter: { state?: PageState; limit?: number }): Promise<PageSummary[]> {
    return this.uow.run(async () =>
      (await this.repository.list({ state: filter.state, limit: filter.limit ?? 50 })).map(
        toPageSummary,
      ),
    );
  }

  get(id: string): Promise<PageSummary> {
    return this.uow.run(async () => {
      const record = await this.repository.get(id);
      if (!record) throw new NotFoundException('Page not found');
      return toPageSummary(record);
    });
  }

  /**
   * Stops the steps not yet sent. With `notifications:write`, or by the paged person themselves.
   * Acknowledging twice is harmless: the second answers the page as it is, without a new audit row.
   */
  acknowledge(id: string): Promise<PageSummary> {
    return this.uow.run(async (tx) => {
      const page = await this.repository.findForUpdate(id);
      if (!page) throw new NotFoundException('Page not found');
      const actor = RequestContext.current()?.actor;
      const contact = page.contactId ? await this.contacts.findById(page.contactId) : null;
      const own = actor?.type === 'user' && contact?.userId === actor.id;
      if (!own && !actor?.permissions.includes('notifications:write')) {
        throw new ForbiddenException(
          'You may only acknowledge your own pages without notifications:write',
        );
      }
      return this.acknowledgeLocked(tx, page, actor?.type === 'user' ? actor.id : null, {});
    });
  }

  /**
   * Stops a page on behalf of what caused it (its alert was acknowledged or resolved): the same
   * as acknowledging it, without the paged person's permission check. No-op when already done.
   */
  stop(id: string, userId: string | null, reason: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const page = await this.repository.findForUpdate(id);
      if (page) await this.acknowledgeLocked(tx, page, userId, { reason });
    });
  }

  private async acknowledgeLocked(
    tx: Tx,
    page: PageEntity,
    userId: string | null,
    details: Record<string, string>,
  ): Promise<PageSummary> {
    const id = page.id;
    const changed = page.state !== 'acknowledged';
    if (changed) {
      const cancelled = await this.repository.cancelScheduled(
        id,
        details['reason'] ?? 'acknowledged',
      );
      await this.repository.setState(id, {
        state: 'acknowledged',
        acknowledgedAt: new Date(),
        acknowledgedBy: userId,
      });
      await tx.audit({
        action: 'page_acknowledged',
        target: target(id),
        result: 'success',
        details: { contact: page.contactName, cancelledSteps: cancelled, ...details },
      });
    }
    const summary = toPageSummary((await this.repository.get(id)) as PageRecord);
    if (changed) await tx.emit('page:changed', summary);
    return summary;
  }

  /** Runs one step (the page-step job); does nothing for a step already run or cancelled. */
  runStep(pageId: string, stepNo: number): Promise<void> {
    return this.uow.run(async (tx) => {
      const page = await this.repository.findForUpdate(pageId);
      if (!page) return;
      const step = await this.repository.findStep(pageId, stepNo);
      if (!step || step.state !== 'scheduled') return;
      const none = { channelId: null, deliveryId: null };
      if (page.state === 'acknowledged') {
        // Defensive: acknowledging cancels every scheduled step under this same lock.
        await this.repository.finishStep(pageId, stepNo, {
          ...none,
          state: 'cancelled',
          reason: 'acknowledged',
        });
        return;
      }
      const contact = page.contactId ? await this.contacts.findById(page.contactId) : null;
      const channelId = await this.repository.channelFor(step.kind);
      const address = contact
        ? addressFor(step.kind, contact)
        : { missing: 'the contact was deleted' };
      if ('missing' in address || !channelId) {
        const reason =
          'missing' in address ? address.missing : `there is no enabled ${step.kind} channel`;
        await this.repository.finishStep(pageId, stepNo, { ...none, state: 'skipped', reason });
      } else {
        const delivery = await this.deliveries.enqueue(tx, {
          channelId,
          recipient: address.recipient,
          message: {
            ...page.message,
            timestamp: new Date().toISOString(),
            details: { ...(page.message.details ?? {}), step: stepNo + 1 },
          },
          idempotencyKey: `page:${pageId}:${stepNo}`,
        });
        await this.repository.finishStep(pageId, stepNo, {
          state: 'sent',
          channelId,
          deliveryId: delivery.id,
          reason: null,
        });
      }
      if (page.state === 'notifying' && (await this.repository.scheduledLeft(pageId)) === 0) {
        await this.repository.setState(pageId, { state: 'exhausted' });
      }
      await tx.emit(
        'page:changed',
        toPageSummary((await this.repository.get(pageId)) as PageRecord),
      );
    });
  }

  private async contactToPage(dto: CreatePageRequest): Promise<ContactEntity> {
    if (dto.contactId) {
      const contact = await this.contacts.findById(dto.contactId);
      if (!contact) throw new NotFoundException('contactId: no such contact in this organisation');
      return contact;
    }
    const onCall = await this.schedules.onCall(dto.scheduleId as string);
    const contact = onCall.contactId ? await this.contacts.findById(onCall.contactId) : null;
    if (!contact) throw new ConflictException('scheduleId: nobody is on call on this schedule now');
    return contact;
  }
}
