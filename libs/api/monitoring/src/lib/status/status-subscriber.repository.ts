import { UnitOfWork } from '@hyperion/api/core';
import { STATUS_PAGE_RULES } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { LessThan, MoreThan, Repository } from 'typeorm';

import { StatusPageSubscriberEntity } from '../entities/status-page-subscriber.entity';

export type NewSubscriber = Pick<
  StatusPageSubscriberEntity,
  | 'id'
  | 'pageId'
  | 'email'
  | 'confirmHash'
  | 'confirmExpiresAt'
  | 'unsubscribeHash'
  | 'unsubscribeSealed'
>;

/** Confirmed subscribers read (and mailed) at once. */
export const SUBSCRIBERS_PER_BATCH = 500;

/**
 * The only place that touches TypeORM for subscribers. Every call runs inside a unit of work of
 * the page's organisation (row-level security applies); tokens are looked up by their hashes.
 */
@Injectable()
export class StatusSubscriberRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<StatusPageSubscriberEntity> {
    return this.uow.manager.getRepository(StatusPageSubscriberEntity);
  }

  findByEmail(pageId: string, email: string): Promise<StatusPageSubscriberEntity | null> {
    return this.rows.findOneBy({ pageId, email });
  }

  /** A pending subscriber whose unexpired confirmation token has this hash. */
  findPendingByConfirmHash(
    pageId: string,
    hash: string,
  ): Promise<StatusPageSubscriberEntity | null> {
    return this.rows.findOneBy({
      pageId,
      confirmHash: hash,
      state: 'pending',
      confirmExpiresAt: MoreThan(new Date()),
    });
  }

  findByUnsubscribeHash(pageId: string, hash: string): Promise<StatusPageSubscriberEntity | null> {
    return this.rows.findOneBy({ pageId, unsubscribeHash: hash });
  }

  findById(pageId: string, id: string): Promise<StatusPageSubscriberEntity | null> {
    return this.rows.findOneBy({ pageId, id });
  }

  async create(fields: NewSubscriber): Promise<void> {
    await this.rows.insert({
      ...fields,
      organizationId: this.uow.organizationId,
      state: 'pending',
    });
  }

  /** A new confirmation token for a pending subscriber (the previous one stops working). */
  async renewConfirmation(id: string, hash: string, expiresAt: Date): Promise<void> {
    await this.rows.update({ id }, { confirmHash: hash, confirmExpiresAt: expiresAt });
  }

  /** Confirms, and spends the token (single use). */
  async confirm(id: string): Promise<void> {
    await this.rows.update(
      { id },
      { state: 'confirmed', confirmHash: null, confirmExpiresAt: null, confirmedAt: new Date() },
    );
  }

  /** Forgets the pending subscriptions of a page whose confirmation link has expired. */
  async pruneExpired(pageId: string): Promise<void> {
    await this.rows.delete({ pageId, state: 'pending', confirmExpiresAt: LessThan(new Date()) });
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  /** Confirmed subscribers after `afterId` (by id), a batch at a time. */
  confirmedBatch(pageId: string, afterId: string | null): Promise<StatusPageSubscriberEntity[]> {
    const query = this.rows
      .createQueryBuilder('s')
      .where('s.page_id = :pageId AND s.state = :state', { pageId, state: 'confirmed' })
      .orderBy('s.id')
      .limit(SUBSCRIBERS_PER_BATCH);
    if (afterId) query.andWhere('s.id > :afterId', { afterId });
    return query.getMany();
  }

  /** Counts by state and the newest subscribers (for administrators, masked by the service). */
  async summary(pageId: string): Promise<{
    confirmed: number;
    pending: number;
    newest: StatusPageSubscriberEntity[];
  }> {
    const counts = (await this.uow.manager.query(
      `SELECT count(*) FILTER (WHERE "state" = 'confirmed')::int AS "confirmed",
              count(*) FILTER (WHERE "state" = 'pending')::int AS "pending"
         FROM "status_page_subscriber" WHERE "page_id" = $1`,
      [pageId],
    )) as { confirmed: number; pending: number }[];
    const newest = await this.rows.find({
      where: { pageId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: STATUS_PAGE_RULES.subscribersListed,
    });
    return { confirmed: counts[0].confirmed, pending: counts[0].pending, newest };
  }
}
