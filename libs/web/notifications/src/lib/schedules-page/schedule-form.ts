import type {
  CreateOverrideRequest,
  CreateScheduleRequest,
  ScheduleLayer,
  ScheduleSummary,
  UpdateScheduleRequest,
} from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';

import { addDays, dateKey, fromLocalInput, localParts, toLocalInput } from '../time/zone-math';

/** What a layer had that the form does not edit (kept as it was), and its stored instants. */
export interface LayerKept {
  /** The stored `startsAt` / `endsAt`: sent back as they were when their field is unchanged. */
  readonly startsAt?: string;
  readonly endsAt?: string | null;
  readonly restrictions?: ScheduleLayer['restrictions'];
}

/** One layer as the form holds it: times as `datetime-local` values in the schedule's zone. */
export interface LayerFormValue {
  name: string;
  rotation: ScheduleLayer['rotation'];
  /** custom only. */
  turnHours: string;
  /** HH:MM */
  handoffTime: string;
  startsAt: string;
  /** '' for "no end". */
  endsAt: string;
  memberIds: string[];
  kept: LayerKept;
}

export interface ScheduleFormValue {
  name: string;
  description: string;
  timeZone: string;
  layers: LayerFormValue[];
}

export const ROTATIONS: readonly { value: ScheduleLayer['rotation']; label: string }[] = [
  { value: 'daily', label: 'Daily: one day each' },
  { value: 'weekly', label: 'Weekly: one week each' },
  { value: 'custom', label: 'Custom: a number of hours each' },
];

/** The API's limit of a description (not in the contracts yet). */
export const DESCRIPTION_MAX_LENGTH = ON_CALL_RULES.descriptionMax;

const DEFAULT_HANDOFF = '09:00';

/**
 * The latest hand-off at `handoffTime` (in `timeZone`) at or before `now`, as a datetime-local
 * value: a layer starting there has someone on call at once (a layer starting later leaves a gap).
 */
export function latestHandoff(timeZone: string, now: number, handoffTime: string): string {
  const t = localParts(timeZone, now);
  const [h, m] = handoffTime.split(':').map(Number);
  const today = { year: t.year, month: t.month, day: t.day };
  const passed = t.hour * 60 + t.minute >= h * 60 + m;
  return `${dateKey(passed ? today : addDays(today, -1))}T${handoffTime}`;
}

export function newLayer(
  timeZone: string,
  now: number,
  position: number,
  memberIds: string[] = [],
): LayerFormValue {
  return {
    name: position === 1 ? 'Primary' : `Layer ${position}`,
    rotation: 'weekly',
    turnHours: '',
    handoffTime: DEFAULT_HANDOFF,
    startsAt: latestHandoff(timeZone, now, DEFAULT_HANDOFF),
    endsAt: '',
    memberIds,
    kept: {},
  };
}

export function emptyScheduleForm(timeZone: string, now: number): ScheduleFormValue {
  return { name: '', description: '', timeZone, layers: [newLayer(timeZone, now, 1)] };
}

export function scheduleFormFrom(schedule: ScheduleSummary): ScheduleFormValue {
  const zone = schedule.timeZone;
  return {
    name: schedule.name,
    description: schedule.description,
    timeZone: zone,
    layers: schedule.layers.map((layer) => ({
      name: layer.name,
      rotation: layer.rotation,
      turnHours: layer.turnHours === undefined ? '' : String(layer.turnHours),
      handoffTime: layer.handoffTime,
      startsAt: toLocalInput(layer.startsAt, zone),
      endsAt: layer.endsAt ? toLocalInput(layer.endsAt, zone) : '',
      memberIds: [...layer.memberIds],
      kept: { startsAt: layer.startsAt, endsAt: layer.endsAt, restrictions: layer.restrictions },
    })),
  };
}

/** A datetime-local field's instant: the stored one when the field still shows it. */
function instantOf(local: string, stored: string | null | undefined, zone: string): string {
  if (stored && toLocalInput(stored, zone) === local) return stored;
  return fromLocalInput(local, zone) ?? local;
}

/** The layers as the API takes them (the form's validators made sure every field reads). */
export function scheduleLayers(value: ScheduleFormValue): ScheduleLayer[] {
  const zone = value.timeZone.trim();
  return value.layers.map((row) => {
    const layer: ScheduleLayer = {
      name: row.name.trim(),
      rotation: row.rotation,
      handoffTime: row.handoffTime,
      startsAt: instantOf(row.startsAt, row.kept.startsAt, zone),
      memberIds: [...row.memberIds],
    };
    if (row.rotation === 'custom') layer.turnHours = Number(row.turnHours.trim());
    if (row.endsAt.trim() !== '') layer.endsAt = instantOf(row.endsAt, row.kept.endsAt, zone);
    else if (row.kept.endsAt) layer.endsAt = null;
    if (row.kept.restrictions !== undefined) layer.restrictions = row.kept.restrictions;
    return layer;
  });
}

export function createScheduleRequest(value: ScheduleFormValue): CreateScheduleRequest {
  const request: CreateScheduleRequest = {
    name: value.name.trim(),
    timeZone: value.timeZone.trim(),
    layers: scheduleLayers(value),
  };
  const description = value.description.trim();
  if (description) request.description = description;
  return request;
}

const sameInstant = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? null) === (b ?? null) || (!!a && !!b && Date.parse(a) === Date.parse(b));

function sameLayer(a: ScheduleLayer, b: ScheduleLayer): boolean {
  return (
    a.name === b.name &&
    a.rotation === b.rotation &&
    (a.rotation !== 'custom' || a.turnHours === b.turnHours) &&
    a.handoffTime === b.handoffTime &&
    sameInstant(a.startsAt, b.startsAt) &&
    sameInstant(a.endsAt, b.endsAt) &&
    a.memberIds.length === b.memberIds.length &&
    a.memberIds.every((id, i) => id === b.memberIds[i]) &&
    JSON.stringify(a.restrictions ?? []) === JSON.stringify(b.restrictions ?? [])
  );
}

/** The PATCH body: only what changed (the layers whole); null when nothing did. */
export function updateScheduleRequest(
  schedule: ScheduleSummary,
  value: ScheduleFormValue,
): UpdateScheduleRequest | null {
  const request: UpdateScheduleRequest = {};
  const name = value.name.trim();
  const description = value.description.trim();
  const timeZone = value.timeZone.trim();
  if (name !== schedule.name) request.name = name;
  if (description !== schedule.description) request.description = description;
  if (timeZone !== schedule.timeZone) request.timeZone = timeZone;
  const layers = scheduleLayers(value);
  const sameLayers =
    layers.length === schedule.layers.length &&
    layers.every((layer, i) => sameLayer(layer, schedule.layers[i]));
  if (!sameLayers || request.timeZone !== undefined) request.layers = layers;
  return Object.keys(request).length > 0 ? request : null;
}

/** The override form: a person and two datetime-local values in the schedule's zone. */
export interface OverrideFormValue {
  contactId: string;
  start: string;
  end: string;
}

/** Someone takes over from now (to the minute) for the next 12 hours. */
export function emptyOverrideForm(timeZone: string, now: number): OverrideFormValue {
  return {
    contactId: '',
    start: toLocalInput(new Date(now).toISOString(), timeZone),
    end: toLocalInput(new Date(now + 12 * 3_600_000).toISOString(), timeZone),
  };
}

export function overrideRequest(value: OverrideFormValue, timeZone: string): CreateOverrideRequest {
  return {
    contactId: value.contactId,
    start: fromLocalInput(value.start, timeZone) ?? value.start,
    end: fromLocalInput(value.end, timeZone) ?? value.end,
  };
}

/**
 * What is wrong with an override's times ('' fields are the required validator's), or null: the
 * end after the start, at most a year later (as the API checks).
 */
export function overrideTimesProblem(value: OverrideFormValue, timeZone: string): string | null {
  const start = fromLocalInput(value.start, timeZone);
  const end = fromLocalInput(value.end, timeZone);
  if (!start || !end) return null;
  if (Date.parse(end) <= Date.parse(start)) return 'The end must be after the start.';
  const yearLater = new Date(start);
  yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
  if (Date.parse(end) > yearLater.getTime()) return 'An override lasts at most one year.';
  return null;
}

/** Whether a layer's first turn is still to come at `now` (nobody from it is on call before). */
export function startsLater(layer: LayerFormValue, timeZone: string, now: number): boolean {
  const start = fromLocalInput(layer.startsAt, timeZone);
  return start !== null && Date.parse(start) > now;
}
