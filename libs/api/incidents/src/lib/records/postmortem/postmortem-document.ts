import type { PostmortemDetail } from '@hyperion/contracts';
import { POSTMORTEM_STATUSES } from '@hyperion/contracts';

import { incidentNumber } from '../export/incident-sheet';
import { ExportDocument, given } from '../export/sheet-document';

const STATUS_LABELS: Record<(typeof POSTMORTEM_STATUSES)[number], string> = {
  draft: 'Draft',
  published: 'Published',
};

/** A post-mortem as a document: its parts in order, then its action items. */
export function postmortemDocument(
  incident: { id: string; number: number; title: string },
  postmortem: PostmortemDetail,
  exportedAt: Date,
): ExportDocument {
  return {
    title: `Post-mortem of incident ${incidentNumber(incident.number)}: ${incident.title}`,
    subtitle: `${STATUS_LABELS[postmortem.status]}${
      postmortem.version === 0 ? ' (not saved yet)' : `, version ${postmortem.version}`
    }${postmortem.updatedAt ? `, last saved ${postmortem.updatedAt}` : ''}; exported ${exportedAt.toISOString()}`,
    sections: [
      { title: 'Summary', blocks: [{ kind: 'text', text: given(postmortem.summary) }] },
      { title: 'Root cause', blocks: [{ kind: 'text', text: given(postmortem.rootCause) }] },
      { title: 'Impact', blocks: [{ kind: 'text', text: given(postmortem.impact) }] },
      {
        title: 'Timeline',
        blocks: [
          {
            kind: 'entries',
            items: postmortem.timeline.map((line) => ({
              at: line.at,
              who: null,
              text: line.text,
              body: null,
            })),
          },
        ],
      },
      { title: 'What went well', blocks: [{ kind: 'text', text: given(postmortem.wentWell) }] },
      { title: 'What went badly', blocks: [{ kind: 'text', text: given(postmortem.wentBadly) }] },
      {
        title: 'Action items',
        blocks: [
          {
            kind: 'checklist',
            items: postmortem.actionItems.map((item) => ({
              label: item.title,
              done: item.status === 'done',
              note:
                [
                  item.owner ? `owner: ${item.owner.name ?? item.owner.userId}` : null,
                  item.dueDate ? `due ${item.dueDate}` : null,
                  item.overdue ? 'OVERDUE' : null,
                  item.status === 'in_progress' ? 'in progress' : null,
                ]
                  .filter(Boolean)
                  .join(', ') || null,
            })),
          },
        ],
      },
    ],
  };
}
