import type { IncidentTimelineEntry } from '@hyperion/contracts';
import { INCIDENT_RULES } from '@hyperion/contracts';

import { draftTimeline } from './postmortem-draft';

let seq = 0;
const entry = (
  at: string,
  kind: IncidentTimelineEntry['kind'],
  summary: string,
  extra: Partial<IncidentTimelineEntry> = {},
): IncidentTimelineEntry => ({
  id: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
  at,
  kind,
  actor: { type: 'user', userId: null, name: 'alice' },
  summary,
  body: null,
  details: {},
  pinned: false,
  ...extra,
});

describe('draftTimeline: a post-mortem timeline pre-filled from the incident', () => {
  it('keeps the notable entries and the pinned ones, oldest first, with their actor', () => {
    const lines = draftTimeline([
      entry('2025-01-10T10:05:00.000Z', 'status_changed', 'Status: open → acknowledged'),
      entry('2025-01-10T10:00:00.000Z', 'created', 'Incident created', {
        actor: { type: 'system', userId: null, name: 'Hyperion' },
      }),
      entry('2025-01-10T10:06:00.000Z', 'updated', 'Sheet updated: description'),
      entry('2025-01-10T10:07:00.000Z', 'comment', 'Comment', { body: 'just chatting' }),
      entry('2025-01-10T10:08:00.000Z', 'comment', 'Comment', {
        body: 'Found it: the Redis pool is exhausted\nmore details',
        pinned: true,
      }),
      entry('2025-01-10T10:09:00.000Z', 'checklist', 'Unit tests ticked'),
      entry('2025-01-10T10:10:00.000Z', 'note', 'Note', { body: 'Restarted the workers' }),
      entry('2025-01-10T10:20:00.000Z', 'status_changed', 'Status: in_progress → resolved'),
    ]);
    expect(lines).toEqual([
      { at: '2025-01-10T10:00:00.000Z', text: 'Hyperion: Incident created' },
      { at: '2025-01-10T10:05:00.000Z', text: 'alice: Status: open → acknowledged' },
      {
        at: '2025-01-10T10:08:00.000Z',
        text: 'alice: Comment — Found it: the Redis pool is exhausted',
      },
      { at: '2025-01-10T10:10:00.000Z', text: 'alice: Note — Restarted the workers' },
      { at: '2025-01-10T10:20:00.000Z', text: 'alice: Status: in_progress → resolved' },
    ]);
  });

  it('never holds more lines than a post-mortem may', () => {
    const many = Array.from({ length: INCIDENT_RULES.postmortemTimelineMax + 10 }, (_, i) =>
      entry(new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(), 'note', `Note ${i}`),
    );
    const lines = draftTimeline(many);
    expect(lines).toHaveLength(INCIDENT_RULES.postmortemTimelineMax);
    expect(lines[0].text).toBe('alice: Note 0');
  });
});
