import { UnitOfWork } from '@hyperion/api/core';
import type {
  CreateOverrideRequest,
  CreateScheduleRequest,
  OnCallNow,
  OnCallShift,
  ScheduleLayer,
  ScheduleOverride,
  ScheduleSummary,
  UpdateScheduleRequest,
} from '@hyperion/contracts';
import { ON_CALL_ROUTES, ON_CALL_RULES } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { ContactRepository } from './contact.repository';
import { ScheduleOverrideEntity } from './entities/schedule-override.entity';
import { ScheduleEntity } from './entities/schedule.entity';
import { newIcalToken } from './ical-token';
import { onCallAt, ScheduleInput, scheduleProblems, shiftsBetween } from './schedule-math';
import { ScheduleRepository } from './schedule.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest window GET …/shifts answers. */
export const SHIFTS_MAX_DAYS = 92;
/** Overrides that ended this long ago still show in a schedule's summary. */
const RECENT_OVERRIDES_MS = 7 * DAY_MS;
/** How far around an instant overrides are loaded to compute who is on call then. */
const ON_CALL_REACH_MS = 92 * DAY_MS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toOverride(row: ScheduleOverrideEntity): ScheduleOverride {
  return {
    id: row.id,
    contactId: row.contactId,
    start: row.startsAt.toISOString(),
    end: row.endsAt.toISOString(),
  };
}

export function toScheduleSummary(
  row: ScheduleEntity,
  overrides: readonly ScheduleOverrideEntity[],
): ScheduleSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    timeZone: row.timeZone,
    layers: row.layers,
    overrides: overrides.filter((o) => o.scheduleId === row.id).map(toOverride),
    icalUrl: ON_CALL_ROUTES.scheduleIcal(row.icalToken),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the schedule maths reads of a schedule and its overrides. */
export function scheduleInput(
  row: ScheduleEntity,
  overrides: readonly ScheduleOverrideEntity[],
): ScheduleInput {
  return {
    timeZone: row.timeZone,
    layers: row.layers,
    overrides: overrides.filter((o) => o.scheduleId === row.id).map(toOverride),
  };
}

/** An instant from a request: 400 naming `field` unless it is a valid date. */
export function parseInstant(value: unknown, field: string): Date {
  const at = typeof value === 'string' && value.trim() !== '' ? new Date(value) : null;
  if (!at || Number.isNaN(at.getTime())) {
    throw new BadRequestException(`${field}: an ISO 8601 instant`);
  }
  return at;
}

/** Only the fields of a layer (what the request added besides is dropped). */
function normalisedLayer(layer: ScheduleLayer): ScheduleLayer {
  const out: ScheduleLayer = {
    name: layer.name,
    rotation: layer.rotation,
    handoffTime: layer.handoffTime,
    startsAt: layer.startsAt,
    memberIds: Array.isArray(layer.memberIds) ? [...layer.memberIds] : layer.memberIds,
  };
  if (layer.turnHours !== undefined) out.turnHours = layer.turnHours;
  if (layer.endsAt !== undefined) out.endsAt = layer.endsAt;
  if (layer.restrictions !== undefined) {
    out.restrictions = Array.isArray(layer.restrictions)
      ? layer.restrictions.map((r) =>
          typeof r === 'object' && r !== null ? { day: r.day, from: r.from, to: r.to } : r,
        )
      : layer.restrictions;
  }
  return out;
}

/**
 * Schedules, their overrides, who is on call and the shifts. Each use case runs in one unit of
 * work of the request's organisation.
 */
@Injectable()
export class ScheduleService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: ScheduleRepository,
    private readonly contacts: ContactRepository,
  ) {}

  list(): Promise<ScheduleSummary[]> {
    return this.uow.run(async () => {
      const rows = await this.repository.list();
      const overrides = await this.repository.overridesEndingAfter(
        rows.map((r) => r.id),
        new Date(Date.now() - RECENT_OVERRIDES_MS),
      );
      return rows.map((row) => toScheduleSummary(row, overrides));
    });
  }

  get(id: string): Promise<ScheduleSummary> {
    return this.uow.run(async () => this.summary(await this.found(id)));
  }

  create(dto: CreateScheduleRequest): Promise<ScheduleSummary> {
    return this.uow.run(async (tx) => {
      const layers = await this.checkedLayers(dto.timeZone, dto.layers);
      const row = await this.repository.create({
        name: dto.name,
        description: dto.description ?? '',
        timeZone: dto.timeZone,
        layers,
        icalToken: newIcalToken(),
      });
      await tx.audit({
        action: 'schedule_created',
        target: `schedule:${row.id}`,
        result: 'success',
        details: { name: row.name, layers: layers.length },
      });
      return toScheduleSummary(row, []);
    });
  }

  update(id: string, dto: UpdateScheduleRequest): Promise<ScheduleSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const previousName = row.name;
      const timeZone = dto.timeZone ?? row.timeZone;
      const layers = dto.layers ? await this.checkedLayers(timeZone, dto.layers) : row.layers;
      const updated = await this.repository.update(row, {
        name: dto.name ?? row.name,
        description: dto.description ?? row.description,
        timeZone,
        layers,
      });
      await tx.audit({
        action: 'schedule_updated',
        target: `schedule:${id}`,
        result: 'success',
        details: { name: updated.name, previousName, changed: Object.keys(dto).sort() },
      });
      return this.summary(updated);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(id);
      await tx.audit({
        action: 'schedule_deleted',
        target: `schedule:${id}`,
        result: 'success',
        details: { name: row.name },
      });
    });
  }

  /** A new iCal token: the old feed URL stops working at once. */
  rotateIcalToken(id: string): Promise<ScheduleSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const updated = await this.repository.update(row, { icalToken: newIcalToken() });
      await tx.audit({
        action: 'ical_token_rotated',
        target: `schedule:${id}`,
        result: 'success',
        details: { feed: 'schedule', name: row.name },
      });
      return this.summary(updated);
    });
  }

  /** A contact of this organisation covers the schedule from start to end (at most a year). */
  createOverride(scheduleId: string, dto: CreateOverrideRequest): Promise<ScheduleOverride> {
    return this.uow.run(async (tx) => {
      const schedule = await this.found(scheduleId);
      const start = parseInstant(dto.start, 'start');
      const end = parseInstant(dto.end, 'end');
      if (end.getTime() <= start.getTime()) {
        throw new BadRequestException('end: must be after start');
      }
      const yearLater = new Date(start);
      yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
      if (end.getTime() > yearLater.getTime()) {
        throw new BadRequestException('end: an override lasts at most one year');
      }
      if (!UUID.test(dto.contactId) || !(await this.contacts.findById(dto.contactId))) {
        throw new BadRequestException('contactId: not a contact of this organisation');
      }
      const row = await this.repository.createOverride({
        scheduleId,
        contactId: dto.contactId,
        startsAt: start,
        endsAt: end,
      });
      await tx.audit({
        action: 'schedule_override_created',
        target: `schedule:${scheduleId}`,
        result: 'success',
        details: {
          name: schedule.name,
          overrideId: row.id,
          contactId: row.contactId,
          start: row.startsAt.toISOString(),
          end: row.endsAt.toISOString(),
        },
      });
      return toOverride(row);
    });
  }

  deleteOverride(scheduleId: string, overrideId: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const schedule = await this.found(scheduleId);
      const row = await this.repository.findOverride(scheduleId, overrideId);
      if (!row) throw new NotFoundException('Override not found');
      await this.repository.deleteOverride(row.id);
      await tx.audit({
        action: 'schedule_override_deleted',
        target: `schedule:${scheduleId}`,
        result: 'success',
        details: {
          name: schedule.name,
          overrideId: row.id,
          contactId: row.contactId,
          start: row.startsAt.toISOString(),
          end: row.endsAt.toISOString(),
        },
      });
    });
  }

  /** Who is on call at `at` (ISO, default now). */
  async onCall(id: string, at?: string): Promise<OnCallNow> {
    const instant = at === undefined ? new Date() : parseInstant(at, 'at');
    return this.uow.run(async () => {
      const row = await this.found(id);
      const overrides = await this.repository.overlapping(
        [id],
        new Date(instant.getTime() - ON_CALL_REACH_MS),
        new Date(instant.getTime() + ON_CALL_REACH_MS),
      );
      const current = onCallAt(scheduleInput(row, overrides), instant);
      const contact = current ? await this.contacts.findById(current.contactId) : null;
      return {
        scheduleId: id,
        at: instant.toISOString(),
        contactId: current?.contactId ?? null,
        contactName: contact?.name ?? null,
        source: current?.source ?? null,
        shiftStart: current ? new Date(current.start).toISOString() : null,
        shiftEnd: current ? new Date(current.end).toISOString() : null,
      };
    });
  }

  /** The shifts between from and to (at most 92 days apart). */
  async shifts(id: string, fromValue: string, toValue: string): Promise<OnCallShift[]> {
    const from = parseInstant(fromValue, 'from');
    const to = parseInstant(toValue, 'to');
    if (to.getTime() <= from.getTime()) throw new BadRequestException('to: must be after from');
    if (to.getTime() - from.getTime() > SHIFTS_MAX_DAYS * DAY_MS) {
      throw new BadRequestException(`to: at most ${SHIFTS_MAX_DAYS} days after from`);
    }
    return this.uow.run(async () => {
      const row = await this.found(id);
      return this.shiftsOf([row], from, to);
    });
  }

  /**
   * The shifts of these schedules between from and to, with contact names, earliest first
   * (the iCal feeds use this too; call it inside a unit of work). `namedBySchedule` prefixes
   * each shift's source with its schedule's name (a contact's feed spans schedules).
   */
  async shiftsOf(
    rows: readonly ScheduleEntity[],
    from: Date,
    to: Date,
    namedBySchedule = false,
  ): Promise<OnCallShift[]> {
    const overrides = await this.repository.overlapping(
      rows.map((r) => r.id),
      from,
      to,
    );
    const raw = rows.flatMap((row) =>
      shiftsBetween(scheduleInput(row, overrides), from, to).map((shift) => ({
        shift,
        schedule: row,
      })),
    );
    const names = new Map(
      (await this.contacts.findByIds(raw.map((r) => r.shift.contactId))).map((c) => [c.id, c.name]),
    );
    return raw
      .map(({ shift, schedule }) => ({
        contactId: shift.contactId,
        contactName: names.get(shift.contactId) ?? 'Unknown contact',
        source: namedBySchedule ? `${schedule.name}: ${shift.source}` : shift.source,
        start: new Date(shift.start).toISOString(),
        end: new Date(shift.end).toISOString(),
      }))
      .sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
  }

  /**
   * The layers as stored: only their fields, each problem scheduleProblems finds a 400 naming
   * its path, and every member a contact of this organisation.
   */
  private async checkedLayers(
    timeZone: string,
    layers: readonly ScheduleLayer[],
  ): Promise<ScheduleLayer[]> {
    if (!Array.isArray(layers)) throw new BadRequestException('layers: a list of layers');
    if (layers.length > ON_CALL_RULES.layersMax) {
      throw new BadRequestException(`layers: at most ${ON_CALL_RULES.layersMax} layers`);
    }
    layers.forEach((layer, i) => {
      if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) {
        throw new BadRequestException(`layers[${i}]: an object`);
      }
    });
    const normalised = layers.map(normalisedLayer);
    const problems = scheduleProblems({ timeZone, layers: normalised, overrides: [] });
    if (problems.length > 0) throw new BadRequestException(problems);
    const ids = new Set<string>();
    normalised.forEach((layer, i) =>
      layer.memberIds.forEach((memberId, j) => {
        if (!UUID.test(memberId)) {
          throw new BadRequestException(`layers[${i}].memberIds[${j}]: a contact id (UUID)`);
        }
        ids.add(memberId);
      }),
    );
    const known = new Set((await this.contacts.findByIds([...ids])).map((c) => c.id));
    normalised.forEach((layer, i) => {
      const unknown = layer.memberIds.filter((memberId) => !known.has(memberId));
      if (unknown.length > 0) {
        throw new BadRequestException(
          `layers[${i}].memberIds: not contacts of this organisation: ${unknown.join(', ')}`,
        );
      }
    });
    return normalised;
  }

  private async summary(row: ScheduleEntity): Promise<ScheduleSummary> {
    const overrides = await this.repository.overridesEndingAfter(
      [row.id],
      new Date(Date.now() - RECENT_OVERRIDES_MS),
    );
    return toScheduleSummary(row, overrides);
  }

  private async found(id: string): Promise<ScheduleEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Schedule not found');
    return row;
  }
}
