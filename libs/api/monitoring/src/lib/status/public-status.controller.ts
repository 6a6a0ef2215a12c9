import { Public } from '@hyperion/api/core';
import { STATUS_PAGE_RULES, STATUS_PUBLIC_ROUTES } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Get,
  HttpException,
  Logger,
  Param,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { PublicStatusModel } from './public-status-model';
import { renderAtomFeed, renderCalendar } from './render-feeds';
import { renderMessagePage, renderStatusPage } from './render-page';
import { StatusPageCache } from './status-page-cache';
import { PublicPageRef, StatusSubscriptions } from './status-subscriptions.service';

const HTML = 'text/html; charset=utf-8';
const SUBSCRIBE_ANSWER =
  'If this address can receive email, a link to confirm the subscription is on its way to it.';

/** A form post or a browser: answered with a page; anything else gets JSON. */
function wantsHtml(req: Request): boolean {
  return !!req.is('application/x-www-form-urlencoded') || req.accepts(['json', 'html']) === 'html';
}

/**
 * The public status pages, `/status/<slug>` (outside the /api prefix, no session): the page,
 * its Atom feed and maintenance calendar, all rendered from the cached model, and the email
 * subscription's three steps. Server-rendered, no script; every failure answers a page of its
 * own (404 unknown, 503 unreadable), never an error from the database.
 */
@ApiTags('status (public)')
@Controller({ path: 'status', version: VERSION_NEUTRAL })
export class PublicStatusController {
  private readonly logger = new Logger('StatusPages');

  constructor(
    private readonly cache: StatusPageCache,
    private readonly subscriptions: StatusSubscriptions,
  ) {}

  @Get(':slug')
  @Public()
  async page(@Param('slug') slug: string, @Res() res: Response): Promise<void> {
    await this.serve(slug, res, HTML, (model, stale) =>
      renderStatusPage(model, new Date(), { stale }),
    );
  }

  @Get(':slug/feed.atom')
  @Public()
  async feed(@Param('slug') slug: string, @Res() res: Response): Promise<void> {
    await this.serve(slug, res, 'application/atom+xml; charset=utf-8', renderAtomFeed);
  }

  @Get(':slug/calendar.ics')
  @Public()
  async calendar(@Param('slug') slug: string, @Res() res: Response): Promise<void> {
    if (STATUS_PAGE_RULES.slugPattern.test(slug)) {
      res.setHeader('Content-Disposition', `inline; filename="${slug}-maintenance.ics"`);
    }
    await this.serve(slug, res, 'text/calendar; charset=utf-8', renderCalendar);
  }

  /** JSON or a form with `email`; 202 whatever the address's standing (nothing is revealed). */
  @Post(':slug/subscribe')
  @Public()
  async subscribe(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const html = wantsHtml(req);
    res.setHeader('Cache-Control', 'no-store');
    try {
      const page = await this.subscriptions.subscribe(slug, body, req.ip ?? 'unknown');
      if (!html) {
        res.status(202).json({ message: SUBSCRIBE_ANSWER });
        return;
      }
      this.message(res, 202, 'Check your inbox', SUBSCRIBE_ANSWER, page);
    } catch (error) {
      const refusal = this.refusal(error);
      if (!html) throw refusal;
      this.message(res, refusal.getStatus(), 'Subscription not possible', refusal.message);
    }
  }

  /**
   * A confirmation link only shows a button: mail scanners and link previews open every link
   * of a message, and a GET that confirmed would defeat the double opt-in. The button posts.
   */
  @Get(':slug/confirm')
  @Public()
  async confirmLink(
    @Param('slug') slug: string,
    @Query('token') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.offer(res, slug, token, {
      mailing: true,
      route: STATUS_PUBLIC_ROUTES.confirm,
      title: 'Confirm your subscription',
      message: (name) =>
        `Press the button to get an email about each incident update and maintenance of ${name}.`,
      label: 'Confirm subscription',
    });
  }

  @Post(':slug/confirm')
  @Public()
  async confirm(
    @Param('slug') slug: string,
    @Query('token') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.step(res, () => this.subscriptions.confirm(slug, token), {
      done: [
        'Subscription confirmed',
        'You will get an email about new incident updates and maintenance. Every email has a link to unsubscribe.',
      ],
      invalid: [
        'Link not valid',
        'This confirmation link is not valid: it was used already, it expired, or it was mistyped. Subscribe again to get a new one.',
      ],
    });
  }

  /** An unsubscribe link only shows a button too (a scanner must not unsubscribe anyone). */
  @Get(':slug/unsubscribe')
  @Public()
  async unsubscribeLink(
    @Param('slug') slug: string,
    @Query('token') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.offer(res, slug, token, {
      mailing: false,
      route: STATUS_PUBLIC_ROUTES.unsubscribe,
      title: 'Unsubscribe',
      message: (name) => `Press the button to stop getting email about ${name}.`,
      label: 'Unsubscribe',
    });
  }

  /** The button's post (also what a mail client's one-click unsubscribe would send). */
  @Post(':slug/unsubscribe')
  @Public()
  async unsubscribePost(
    @Param('slug') slug: string,
    @Query('token') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    await this.unsubscribe(slug, token, res);
  }

  /** The page of a link: what pressing its button does, and the button (posting the same URL). */
  private async offer(
    res: Response,
    slug: string,
    token: unknown,
    step: {
      mailing: boolean;
      route: (slug: string) => string;
      title: string;
      message: (pageName: string) => string;
      label: string;
    },
  ): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const page = await this.subscriptions.linkPage(slug, { mailing: step.mailing });
      const href = `${step.route(page.slug)}?token=${encodeURIComponent(typeof token === 'string' ? token : '')}`;
      res
        .status(200)
        .type(HTML)
        .send(
          renderMessagePage({
            title: step.title,
            message: step.message(page.name),
            action: { href, label: step.label },
            back: page,
          }),
        );
    } catch (error) {
      const refusal = this.refusal(error);
      this.message(res, refusal.getStatus(), 'Not possible', refusal.message);
    }
  }

  private async unsubscribe(slug: string, token: unknown, res: Response): Promise<void> {
    await this.step(res, () => this.subscriptions.unsubscribe(slug, token), {
      done: ['Unsubscribed', 'This address will get no more email about this status page.'],
      invalid: [
        'Link not valid',
        'This unsubscribe link is not valid: it was used already, or it was mistyped.',
      ],
    });
  }

  /** Confirm and unsubscribe: a page saying how it went (404 for a page or token not found). */
  private async step(
    res: Response,
    run: () => Promise<{ page: PublicPageRef; done: boolean }>,
    words: { done: [string, string]; invalid: [string, string] },
  ): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const { page, done } = await run();
      const [title, message] = done ? words.done : words.invalid;
      this.message(res, done ? 200 : 404, title, message, page);
    } catch (error) {
      const refusal = this.refusal(error);
      this.message(res, refusal.getStatus(), 'Not possible', refusal.message);
    }
  }

  /** The HTTP answer of a failed subscription step: its own, or 503 (the database is down …). */
  private refusal(error: unknown): HttpException {
    if (error instanceof HttpException) return error;
    this.logger.error(`A subscription step failed: ${String(error)}`);
    return new ServiceUnavailableException(
      'Subscriptions are unavailable right now; try again later',
    );
  }

  /** A page, feed or calendar from the cache; 404 / 503 pages when there is nothing to show. */
  private async serve(
    slug: string,
    res: Response,
    type: string,
    render: (model: PublicStatusModel, stale: boolean) => string,
  ): Promise<void> {
    try {
      const found = STATUS_PAGE_RULES.slugPattern.test(slug)
        ? await this.cache.page(slug)
        : ({ kind: 'missing' } as const);
      if (found.kind === 'page') {
        res.setHeader('Cache-Control', found.stale ? 'no-cache' : 'public, max-age=30');
        res.status(200).type(type).send(render(found.model, found.stale));
        return;
      }
      if (found.kind === 'missing') {
        this.message(res, 404, 'Status page not found', 'There is no status page at this address.');
        return;
      }
    } catch (error) {
      this.logger.error(`Status page "${slug}" could not be served: ${String(error)}`);
    }
    res.setHeader('Retry-After', '30');
    this.message(
      res,
      503,
      'Status page unavailable',
      'This status page cannot be shown right now. Try again in a minute.',
    );
  }

  private message(
    res: Response,
    status: number,
    title: string,
    message: string,
    back?: PublicPageRef,
  ): void {
    res.status(status).type(HTML).send(renderMessagePage({ title, message, back }));
  }
}
