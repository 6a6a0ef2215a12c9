import type { CreateSilenceRequest, LabelMatcher } from '@hyperion/contracts';

import { fromLocalInput } from '../config-shared/local-time';
import { RecurrenceParts, buildRrule } from './recurrence';

/** Length presets of a one-off silence. */
export const DURATION_PRESETS = [
  { label: '1 hour', minutes: 60 },
  { label: '4 hours', minutes: 240 },
  { label: '1 day', minutes: 1440 },
] as const;

export interface SilenceFormValue {
  matchers: LabelMatcher[];
  /** `datetime-local`, the browser's time zone. */
  startsAt: string;
  endsAt: string;
  comment: string;
  recurring: boolean;
  recurrence: RecurrenceParts & { timeZone: string };
}

/** The request the dialog sends (the form is valid: both moments read). */
export function createSilenceRequest(value: SilenceFormValue): CreateSilenceRequest {
  const startsAt = fromLocalInput(value.startsAt);
  const endsAt = fromLocalInput(value.endsAt);
  if (!startsAt || !endsAt) throw new Error('The start and end must be valid moments.');
  const request: CreateSilenceRequest = {
    comment: value.comment.trim(),
    matchers: value.matchers,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
  };
  if (value.recurring) {
    request.recurrence = {
      rrule: buildRrule(value.recurrence),
      durationMinutes: value.recurrence.durationMinutes,
      timeZone: value.recurrence.timeZone.trim(),
    };
  }
  return request;
}
