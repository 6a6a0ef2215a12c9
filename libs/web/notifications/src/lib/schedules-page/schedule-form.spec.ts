import type { ScheduleSummary } from '@hyperion/contracts';

import {
  createScheduleRequest,
  emptyOverrideForm,
  emptyScheduleForm,
  latestHandoff,
  newLayer,
  overrideRequest,
  overrideTimesProblem,
  scheduleFormFrom,
  updateScheduleRequest,
} from './schedule-form';

const ZONE = 'Europe/Paris';
/** Mon 7 Dec 2026, 03:00 in Paris. */
const NOW = Date.parse('2026-12-07T02:00:00Z');

const SCHEDULE: ScheduleSummary = {
  id: 's1',
  name: 'Ops',
  description: 'Primary on-call',
  timeZone: ZONE,
  layers: [
    {
      name: 'Primary',
      rotation: 'weekly',
      handoffTime: '09:00',
      startsAt: '2026-11-30T08:00:00Z',
      memberIds: ['alice', 'bob'],
      restrictions: [{ day: 1, from: '08:00', to: '18:00' }],
    },
    {
      name: 'Nights',
      rotation: 'custom',
      turnHours: 12,
      handoffTime: '20:00',
      startsAt: '2026-11-30T19:00:00.000Z',
      endsAt: '2027-01-01T00:00:00.000Z',
      memberIds: ['carol'],
    },
  ],
  overrides: [],
  icalUrl: '/api/v1/ical/schedules/t.ics',
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
};

describe('schedule form', () => {
  it('starts a new layer at the latest hand-off, so someone is on call at once', () => {
    // 03:00 in Paris: 09:00 has not come yet today, so yesterday's.
    expect(latestHandoff(ZONE, NOW, '09:00')).toBe('2026-12-06T09:00');
    expect(latestHandoff(ZONE, NOW, '02:30')).toBe('2026-12-07T02:30');
    expect(newLayer(ZONE, NOW, 2).name).toBe('Layer 2');
  });

  it('creates a schedule with its layers: times read in the schedule’s zone, turn hours for custom only', () => {
    const form = emptyScheduleForm(ZONE, NOW);
    form.name = ' Ops ';
    form.layers[0].memberIds = ['alice', 'bob'];
    form.layers[0].turnHours = '8';
    form.layers.push({ ...newLayer(ZONE, NOW, 2, ['carol']), rotation: 'custom', turnHours: '12' });
    expect(createScheduleRequest(form)).toEqual({
      name: 'Ops',
      timeZone: ZONE,
      layers: [
        {
          name: 'Primary',
          rotation: 'weekly',
          handoffTime: '09:00',
          startsAt: '2026-12-06T08:00:00.000Z',
          memberIds: ['alice', 'bob'],
        },
        {
          name: 'Layer 2',
          rotation: 'custom',
          turnHours: 12,
          handoffTime: '09:00',
          startsAt: '2026-12-06T08:00:00.000Z',
          memberIds: ['carol'],
        },
      ],
    });
  });

  it('sends nothing when nothing changed, and keeps what the form does not edit', () => {
    const form = scheduleFormFrom(SCHEDULE);
    expect(form.layers[0].startsAt).toBe('2026-11-30T09:00');
    expect(updateScheduleRequest(SCHEDULE, form)).toBeNull();

    form.layers[0].memberIds = ['bob', 'alice'];
    const change = updateScheduleRequest(SCHEDULE, form);
    expect(Object.keys(change ?? {})).toEqual(['layers']);
    expect(change?.layers?.[0]).toEqual({
      ...SCHEDULE.layers[0],
      memberIds: ['bob', 'alice'],
    });
    // The untouched layer goes back exactly as stored.
    expect(change?.layers?.[1]).toEqual(SCHEDULE.layers[1]);
  });

  it('clears an end, and sends the layers again when the zone changes', () => {
    const form = scheduleFormFrom(SCHEDULE);
    form.layers[1].endsAt = '';
    expect(updateScheduleRequest(SCHEDULE, form)?.layers?.[1].endsAt).toBeNull();

    const moved = scheduleFormFrom(SCHEDULE);
    moved.timeZone = 'UTC';
    const change = updateScheduleRequest(SCHEDULE, moved);
    expect(change?.timeZone).toBe('UTC');
    // 09:00 wall-clock time, now read in UTC.
    expect(change?.layers?.[0].startsAt).toBe('2026-11-30T09:00:00.000Z');
  });

  it('turns an override’s local times into instants, and checks them as the API does', () => {
    const form = emptyOverrideForm(ZONE, NOW);
    expect(form).toEqual({ contactId: '', start: '2026-12-07T03:00', end: '2026-12-07T15:00' });
    expect(overrideRequest({ ...form, contactId: 'carol' }, ZONE)).toEqual({
      contactId: 'carol',
      start: '2026-12-07T02:00:00.000Z',
      end: '2026-12-07T14:00:00.000Z',
    });
    expect(overrideTimesProblem(form, ZONE)).toBeNull();
    expect(overrideTimesProblem({ ...form, end: form.start }, ZONE)).toBe(
      'The end must be after the start.',
    );
    expect(overrideTimesProblem({ ...form, end: '2027-12-08T03:00' }, ZONE)).toBe(
      'An override lasts at most one year.',
    );
  });
});
