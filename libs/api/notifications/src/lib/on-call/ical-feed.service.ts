import { UnitOfWork } from '@hyperion/api/core';
import { Injectable, NotFoundException } from '@nestjs/common';

import { ContactRepository } from './contact.repository';
import { toICalendar } from './ical';
import { plausibleIcalToken, sameIcalToken } from './ical-token';
import { ScheduleRepository } from './schedule.repository';
import { ScheduleService } from './schedule.service';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The feeds cover this much before now … */
export const ICAL_DAYS_BACK = 7;
/** … and this much after. */
export const ICAL_DAYS_AHEAD = 90;

const notFound = () => new NotFoundException('Calendar not found');

/**
 * The public iCal feeds. The token in the URL is the only credential: it is found across
 * organisations through a lookup the row-level security policy allows (as an API key by its
 * prefix), compared in constant time, and the feed is then read in that organisation only.
 */
@Injectable()
export class IcalFeedService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schedules: ScheduleRepository,
    private readonly contacts: ContactRepository,
    private readonly scheduleService: ScheduleService,
  ) {}

  /** The schedule's shifts, 7 days back to 90 ahead, as text/calendar. */
  async scheduleFeed(token: string, now = new Date()): Promise<string> {
    if (!plausibleIcalToken(token)) throw notFound();
    const found = await this.uow.run(
      async () => {
        const row = await this.schedules.findByIcalToken(token);
        return row && sameIcalToken(row.icalToken, token)
          ? { id: row.id, organizationId: row.organizationId }
          : null;
      },
      { organizationId: null, lookups: { schedule_ical_token: token }, independent: true },
    );
    if (!found) throw notFound();
    return this.uow.run(
      async () => {
        const row = await this.schedules.findById(found.id);
        if (!row) throw notFound();
        const { from, to } = window(now);
        const shifts = await this.scheduleService.shiftsOf([row], from, to);
        return toICalendar(`schedule-${row.id}`, row.name, shifts, now);
      },
      { organizationId: found.organizationId, independent: true },
    );
  }

  /** One contact's shifts over every schedule of their organisation, as text/calendar. */
  async contactFeed(token: string, now = new Date()): Promise<string> {
    if (!plausibleIcalToken(token)) throw notFound();
    const found = await this.uow.run(
      async () => {
        const row = await this.contacts.findByIcalToken(token);
        return row && sameIcalToken(row.icalToken, token)
          ? { id: row.id, organizationId: row.organizationId }
          : null;
      },
      { organizationId: null, lookups: { contact_ical_token: token }, independent: true },
    );
    if (!found) throw notFound();
    return this.uow.run(
      async () => {
        const contact = await this.contacts.findById(found.id);
        if (!contact) throw notFound();
        const { from, to } = window(now);
        const all = await this.scheduleService.shiftsOf(
          await this.schedules.list(),
          from,
          to,
          true,
        );
        const mine = all.filter((s) => s.contactId === contact.id);
        return toICalendar(`contact-${contact.id}`, `On call: ${contact.name}`, mine, now);
      },
      { organizationId: found.organizationId, independent: true },
    );
  }
}

function window(now: Date): { from: Date; to: Date } {
  return {
    from: new Date(now.getTime() - ICAL_DAYS_BACK * DAY_MS),
    to: new Date(now.getTime() + ICAL_DAYS_AHEAD * DAY_MS),
  };
}
