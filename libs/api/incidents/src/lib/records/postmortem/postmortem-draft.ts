import type {
  IncidentTimelineEntry,
  IncidentTimelineKind,
  PostmortemTimelineLine,
} from '@hyperion/contracts';
import { INCIDENT_RULES } from '@hyperion/contracts';

/** The kinds of timeline entries that tell the story of an incident (pinned ones always do). */
export const NOTABLE_TIMELINE_KINDS: ReadonlySet<IncidentTimelineKind> = new Set([
  'created',
  'status_changed',
  'role_changed',
  'phase_reached',
  'alert_linked',
  'alert_resolved',
  'notification_sent',
  'note',
]);

const BODY_EXCERPT = 300;

/** The first line of a text, cut to `max` characters. */
function excerpt(text: string, max: number): string {
  const line = text.trim().split(/\r?\n/)[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The timeline of a post-mortem draft, from the incident's: its notable entries and its pinned
 * ones, oldest first, each as "<actor>: <summary>" (with the start of a note's or a pinned
 * comment's text). At most INCIDENT_RULES.postmortemTimelineMax lines: the first ones.
 */
export function draftTimeline(entries: readonly IncidentTimelineEntry[]): PostmortemTimelineLine[] {
  return [...entries]
    .filter((e) => e.pinned || NOTABLE_TIMELINE_KINDS.has(e.kind))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(0, INCIDENT_RULES.postmortemTimelineMax)
    .map((e) => {
      const body = e.body ? excerpt(e.body, BODY_EXCERPT) : '';
      return {
        at: e.at,
        text: `${e.actor.name}: ${e.summary}${body ? ` — ${body}` : ''}`,
      };
    });
}
