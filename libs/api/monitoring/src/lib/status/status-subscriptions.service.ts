import { randomUUID } from 'node:crypto';

import { SecretBox, UnitOfWork } from '@hyperion/api/core';
import type { StatusPageSubscriberList } from '@hyperion/contracts';
import { STATUS_PAGE_RULES } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { isEmail } from 'class-validator';

import { StatusPageEntity } from '../entities/status-page.entity';
import { StatusPageRepository } from '../status-page.repository';
import {
  CONFIRM_TTL_MS,
  MailingPage,
  mails,
  StatusMailer,
  unsubscribeContext,
} from './status-mailer';
import { StatusSubscriberRepository } from './status-subscriber.repository';
import {
  maskEmail,
  newLinkToken,
  normalEmail,
  plausibleLinkToken,
  tokenHash,
} from './status-tokens';
import { SubscribeLimits } from './subscribe-limits';

/** The page a public request is about, for the answer's wording and links. */
export interface PublicPageRef {
  slug: string;
  name: string;
}

const EMAIL_MESSAGE = `email: an email address of at most ${STATUS_PAGE_RULES.emailMaxLength} characters`;

/** The address of a subscribe request, normalised; 400 naming `email` otherwise. */
export function subscriberEmail(value: unknown): string {
  if (typeof value !== 'string') throw new BadRequestException(EMAIL_MESSAGE);
  const email = normalEmail(value);
  if (email.length > STATUS_PAGE_RULES.emailMaxLength || !isEmail(email)) {
    throw new BadRequestException(EMAIL_MESSAGE);
  }
  return email;
}

/**
 * Email subscriptions to a page, double opt-in. In public: subscribe (a confirmation email with
 * a single-use link, at most a few a day to one address, and an answer that never tells whether
 * the address was subscribed), confirm, unsubscribe. For administrators: counts and masked
 * addresses, and removing a subscriber. Public requests find the page by its slug first (the
 * `status_page_slug` lookup), then work in its organisation.
 */
@Injectable()
export class StatusSubscriptions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pages: StatusPageRepository,
    private readonly subscribers: StatusSubscriberRepository,
    private readonly mailer: StatusMailer,
    private readonly limits: SubscribeLimits,
    private readonly box: SecretBox,
  ) {}

  async subscribe(slug: string, body: unknown, ip: string): Promise<PublicPageRef> {
    await this.limits.takeRequest(ip);
    const page = await this.mailingPage(slug);
    const email = subscriberEmail((body as { email?: unknown } | null)?.email);
    if (!(await this.limits.mayMail(page.id, email))) return { slug: page.slug, name: page.name };
    await this.uow.run(
      async (tx) => {
        await tx.lock(`status_page_subscriber:${page.id}:${email}`);
        await this.subscribers.pruneExpired(page.id);
        const existing = await this.subscribers.findByEmail(page.id, email);
        // Already confirmed: nothing to send, and the answer is the same as for a new address.
        if (existing?.state === 'confirmed') return;
        const token = newLinkToken();
        const expiresAt = new Date(Date.now() + CONFIRM_TTL_MS);
        if (existing) {
          await this.subscribers.renewConfirmation(existing.id, tokenHash(token), expiresAt);
          await this.mailer.confirmation(tx, page, existing, token);
          return;
        }
        const id = randomUUID();
        const unsubscribe = newLinkToken();
        const subscriber = {
          id,
          pageId: page.id,
          email,
          confirmHash: tokenHash(token),
          confirmExpiresAt: expiresAt,
          unsubscribeHash: tokenHash(unsubscribe),
          unsubscribeSealed: this.box.encrypt(unsubscribe, unsubscribeContext(id)),
        };
        await this.subscribers.create(subscriber);
        await this.mailer.confirmation(tx, page, subscriber, token);
      },
      { organizationId: page.organizationId },
    );
    return { slug: page.slug, name: page.name };
  }

  /** Confirms the pending subscription of a confirmation token (once); false when it is not one. */
  async confirm(slug: string, token: unknown): Promise<{ page: PublicPageRef; done: boolean }> {
    const page = await this.mailingPage(slug);
    const ref = { slug: page.slug, name: page.name };
    if (!plausibleLinkToken(token)) return { page: ref, done: false };
    const done = await this.uow.run(
      async () => {
        const subscriber = await this.subscribers.findPendingByConfirmHash(
          page.id,
          tokenHash(token),
        );
        if (!subscriber) return false;
        await this.subscribers.confirm(subscriber.id);
        return true;
      },
      { organizationId: page.organizationId },
    );
    return { page: ref, done };
  }

  /** Ends the subscription of an unsubscribe token; false when it is not one (any more). */
  async unsubscribe(slug: string, token: unknown): Promise<{ page: PublicPageRef; done: boolean }> {
    // Leaving works even when the page has since stopped mailing or been unpublished.
    const page = await this.pageOf(slug);
    if (!page) throw new NotFoundException('No status page has this address');
    const ref = { slug: page.slug, name: page.name };
    if (!plausibleLinkToken(token)) return { page: ref, done: false };
    const done = await this.uow.run(
      async () => {
        const subscriber = await this.subscribers.findByUnsubscribeHash(page.id, tokenHash(token));
        if (!subscriber) return false;
        await this.subscribers.delete(subscriber.id);
        return true;
      },
      { organizationId: page.organizationId },
    );
    return { page: ref, done };
  }

  list(pageId: string): Promise<StatusPageSubscriberList> {
    return this.uow.run(async () => {
      await this.ownPage(pageId);
      const { confirmed, pending, newest } = await this.subscribers.summary(pageId);
      return {
        confirmed,
        pending,
        items: newest.map((s) => ({
          id: s.id,
          email: maskEmail(s.email),
          state: s.state,
          createdAt: s.createdAt.toISOString(),
          confirmedAt: s.confirmedAt?.toISOString() ?? null,
        })),
      };
    });
  }

  delete(pageId: string, subscriberId: string): Promise<void> {
    return this.uow.run(async (tx) => {
      await this.ownPage(pageId);
      const subscriber = await this.subscribers.findById(pageId, subscriberId);
      if (!subscriber) throw new NotFoundException('Subscriber not found');
      await this.subscribers.delete(subscriber.id);
      await tx.audit({
        action: 'status_page_subscriber_deleted',
        target: `status_page:${pageId}`,
        result: 'success',
        details: { subscriberId, email: maskEmail(subscriber.email) },
      });
    });
  }

  /** The page of a slug, in any organisation; null when there is none. */
  /**
   * The page a confirmation or unsubscribe link names, for the page that asks to press its
   * button (`mailing`: only a published page that still mails); 404 otherwise. Reads nothing of
   * the token: a link opened by a mail scanner changes nothing.
   */
  async linkPage(slug: string, options: { mailing: boolean }): Promise<PublicPageRef> {
    const page = options.mailing ? await this.mailingPage(slug) : await this.pageOf(slug);
    if (!page) throw new NotFoundException('No status page has this address');
    return { slug: page.slug, name: page.name };
  }

  private async pageOf(slug: string): Promise<StatusPageEntity | null> {
    if (!STATUS_PAGE_RULES.slugPattern.test(slug)) return null;
    return this.uow.run(() => this.pages.findBySlug(slug), {
      organizationId: null,
      lookups: { status_page_slug: slug },
      independent: true,
    });
  }

  /** The published page of a slug that offers subscriptions; 404 otherwise. */
  private async mailingPage(slug: string): Promise<MailingPage> {
    const page = await this.pageOf(slug);
    if (!page?.published || !mails(page)) {
      throw new NotFoundException('No status page with email subscriptions has this address');
    }
    return page;
  }

  private async ownPage(id: string): Promise<StatusPageEntity> {
    const page = await this.pages.findById(id);
    if (!page) throw new NotFoundException('Status page not found');
    return page;
  }
}
