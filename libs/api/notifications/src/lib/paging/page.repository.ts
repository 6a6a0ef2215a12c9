import { UnitOfWork } from '@hyperion/api/core';
import type { NotificationChannelKind, PageState } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { In, Repository } from 'typeorm';

import { PageStepEntity } from './entities/page-step.entity';
import { PageEntity } from './entities/page.entity';

export type PageFields = Pick<
  PageEntity,
  'contactId' | 'contactName' | 'scheduleId' | 'urgency' | 'dedupKey' | 'message'
>;
export type StepFields = Pick<PageStepEntity, 'step' | 'delayMinutes' | 'kind' | 'dueAt'>;

/** A page with its steps in order. */
export interface PageRecord {
  page: PageEntity;
  steps: PageStepEntity[];
}

/** The only TypeORM code of pages; every call runs inside a unit of work (RLS applies). */
@Injectable()
export class PageRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get pages(): Repository<PageEntity> {
    return this.uow.manager.getRepository(PageEntity);
  }

  private get steps(): Repository<PageStepEntity> {
    return this.uow.manager.getRepository(PageStepEntity);
  }

  async insert(fields: PageFields, steps: readonly StepFields[]): Promise<PageRecord> {
    const organizationId = this.uow.organizationId;
    const page = await this.pages.save(
      this.pages.create({
        ...fields,
        organizationId,
        state: steps.length ? 'notifying' : 'exhausted',
      }),
    );
    const rows = await this.steps.save(
      steps.map((s) =>
        this.steps.create({
          ...s,
          organizationId,
          pageId: page.id,
          state: 'scheduled',
          channelId: null,
          deliveryId: null,
          reason: null,
          doneAt: null,
        }),
      ),
    );
    return { page, steps: rows };
  }

  findByDedupKey(key: string): Promise<PageEntity | null> {
    return this.pages.findOneBy({ dedupKey: key });
  }

  /** The page, locked until the unit of work ends (acknowledgement and steps take turns). */
  findForUpdate(id: string): Promise<PageEntity | null> {
    return this.pages.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async get(id: string): Promise<PageRecord | null> {
    const page = await this.pages.findOneBy({ id });
    return page ? { page, steps: await this.stepsOf([page.id]) } : null;
  }

  async list(filter: { state?: PageState; limit: number }): Promise<PageRecord[]> {
    const pages = await this.pages.find({
      where: filter.state ? { state: filter.state } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      take: filter.limit,
    });
    const steps = await this.stepsOf(pages.map((p) => p.id));
    return pages.map((page) => ({ page, steps: steps.filter((s) => s.pageId === page.id) }));
  }

  private stepsOf(pageIds: string[]): Promise<PageStepEntity[]> {
    if (pageIds.length === 0) return Promise.resolve([]);
    return this.steps.find({
      where: { pageId: In(pageIds) },
      order: { pageId: 'ASC', step: 'ASC' },
    });
  }

  findStep(pageId: string, step: number): Promise<PageStepEntity | null> {
    return this.steps.findOneBy({ pageId, step });
  }

  /** Ends a scheduled step; false when it was no longer scheduled (another run ended it). */
  async finishStep(
    pageId: string,
    step: number,
    fields: Pick<PageStepEntity, 'state' | 'channelId' | 'deliveryId' | 'reason'>,
  ): Promise<boolean> {
    const result = await this.steps.update(
      { pageId, step, state: 'scheduled' },
      { ...fields, doneAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Cancels every scheduled step of the page; returns how many. */
  async cancelScheduled(pageId: string, reason: string): Promise<number> {
    const result = await this.steps.update(
      { pageId, state: 'scheduled' },
      { state: 'cancelled', reason, doneAt: new Date() },
    );
    return result.affected ?? 0;
  }

  async scheduledLeft(pageId: string): Promise<number> {
    return this.steps.countBy({ pageId, state: 'scheduled' });
  }

  async setState(
    pageId: string,
    fields: Partial<Pick<PageEntity, 'state' | 'acknowledgedAt' | 'acknowledgedBy'>>,
  ): Promise<void> {
    await this.pages.update({ id: pageId }, fields);
  }

  /** The organisation's first enabled channel of `kind` (oldest first), if any. */
  async channelFor(kind: NotificationChannelKind): Promise<string | null> {
    const rows: { id: string }[] = await this.uow.manager.query(
      `SELECT "id" FROM "notification_channel" WHERE "kind" = $1 AND "enabled"
        ORDER BY "created_at", "id" LIMIT 1`,
      [kind],
    );
    return rows[0]?.id ?? null;
  }
}
