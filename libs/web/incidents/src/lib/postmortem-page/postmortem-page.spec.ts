import type {
  ActionItemSummary,
  IncidentDetail,
  IncidentPerson,
  PostmortemDetail,
} from '@hyperion/contracts';
import { INCIDENT_ROUTES } from '@hyperion/contracts';

import { ID, aDetail, aPostmortem } from '../testing/fixtures';
import { PageHarness, openPage, refusal } from '../testing/harness';
import { PostmortemPage } from './postmortem-page';

const RESOLVED = aDetail({ status: 'resolved', allowedActions: ['close', 'reopen'] });

/** GET /incidents/members: the owners offered. */
const MEMBERS: IncidentPerson[] = [{ userId: 'u-bob', name: 'bob' }];

const item = (patch: Partial<ActionItemSummary> = {}): ActionItemSummary => ({
  id: 'ai-1',
  incidentId: ID,
  incidentNumber: 1,
  incidentTitle: RESOLVED.title,
  title: 'Alert on Redis connection errors',
  owner: { userId: 'u-me', name: 'ada' },
  dueDate: '2026-12-01',
  status: 'open',
  overdue: true,
  createdAt: '2026-12-07T05:00:00.000Z',
  updatedAt: '2026-12-07T05:00:00.000Z',
  ...patch,
});

describe('PostmortemPage', { timeout: 30_000 }, () => {
  let page: PageHarness<PostmortemPage>;

  async function open(incident: IncidentDetail, postmortem: PostmortemDetail): Promise<void> {
    page = await openPage(PostmortemPage, { inputs: { id: ID } });
    page.backend.expectOne(INCIDENT_ROUTES.item(ID)).flush(incident);
    page.backend.expectOne(INCIDENT_ROUTES.postmortem(ID)).flush(postmortem);
    page.backend.expectOne(INCIDENT_ROUTES.members).flush(MEMBERS);
    await page.stable();
  }

  const field = (testId: string) => page.find<HTMLInputElement | HTMLTextAreaElement>(testId);

  afterEach(() => {
    vi.restoreAllMocks();
    page.destroy();
  });

  it('fills the draft from the timeline, edits it and saves it with version 0, then exports it', async () => {
    await open(RESOLVED, aPostmortem());
    expect(page.text('postmortem-title')).toBe('Post-mortem of #001 Sign-in fails for every user');
    expect(field('pm-line-text-0')?.value).toBe('Incident #001 opened');
    expect(field('pm-line-text-1')?.value).toBe('Status: open → resolved');
    expect(page.find<HTMLButtonElement>('postmortem-export-md')?.disabled).toBe(true);

    await page.type('pm-summary', 'Redis refused connections for 8 minutes.');
    await page.type('pm-root-cause', 'maxclients reached');
    await page.type('pm-impact', 'Nobody could sign in');
    await page.type('pm-went-well', 'Alert within a minute');
    await page.type('pm-went-badly', 'No runbook');
    await page.click('pm-line-remove-0');
    await page.click('pm-line-add');
    await page.type('pm-line-at-1', '2026-12-07T04:25:00');
    await page.type('pm-line-text-1', 'maxclients raised');
    await page.check('pm-status-published');

    await page.click('pm-save');
    const save = page.backend.expectOne(
      (r) => r.method === 'PUT' && r.url === INCIDENT_ROUTES.postmortem(ID),
    );
    expect(save.request.body).toEqual({
      summary: 'Redis refused connections for 8 minutes.',
      rootCause: 'maxclients reached',
      impact: 'Nobody could sign in',
      timeline: [
        { at: '2026-12-07T03:20:00.000Z', text: 'Status: open → resolved' },
        { at: new Date('2026-12-07T04:25:00').toISOString(), text: 'maxclients raised' },
      ],
      wentWell: 'Alert within a minute',
      wentBadly: 'No runbook',
      status: 'published',
      version: 0,
    });
    save.flush(
      aPostmortem({
        ...(save.request.body as object),
        version: 1,
        updatedAt: '2026-12-07T05:00:00.000Z',
        createdAt: '2026-12-07T05:00:00.000Z',
      }),
    );
    await page.stable();
    expect(document.querySelector('mat-snack-bar-container')?.textContent).toContain(
      'Post-mortem published.',
    );

    URL.createObjectURL = vi.fn(() => 'blob:md');
    URL.revokeObjectURL = vi.fn();
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(this.download);
    });
    await page.click('postmortem-export-md');
    page.backend
      .expectOne(INCIDENT_ROUTES.postmortemMarkdown(ID))
      .flush(new Blob(['# Post-mortem'], { type: 'text/markdown' }));
    await page.stable();
    expect(saved).toEqual(['postmortem-001.md']);
  });

  it('says someone else saved meanwhile (409), and reloads their version on request', async () => {
    await open(RESOLVED, aPostmortem({ version: 3, summary: 'Mine' }));
    await page.type('pm-summary', 'Mine, longer');
    await page.click('pm-save');
    const save = page.backend.expectOne(INCIDENT_ROUTES.postmortem(ID));
    expect((save.request.body as { version: number }).version).toBe(3);
    save.flush(...refusal(409, 'version: the post-mortem changed meanwhile'));
    await page.stable();
    expect(page.text('postmortem-problem')).toContain('changed by someone else');

    await page.click('postmortem-problem-reload');
    page.backend
      .expectOne(INCIDENT_ROUTES.postmortem(ID))
      .flush(aPostmortem({ version: 4, summary: 'Theirs' }));
    page.backend.expectOne(INCIDENT_ROUTES.item(ID)).flush(RESOLVED);
    await page.stable();
    expect(field('pm-summary')?.value).toBe('Theirs');
    expect(page.find('postmortem-problem')).toBeNull();
  });

  it('waits for the incident to be resolved', async () => {
    await open(aDetail(), aPostmortem());
    expect(page.text('postmortem-not-yet')).toContain('once the incident is resolved');
    expect(page.find('pm-save')).toBeNull();
  });

  it('adds action items with an owner and a due date, and changes their status', async () => {
    await open(RESOLVED, aPostmortem({ version: 1, actionItems: [item()] }));
    expect(page.text('action-item-overdue-ai-1')).toBe('⚠ Overdue');

    await page.type('action-item-title', 'Write the Redis runbook');
    await page.choose('action-item-owner', 'ada (you)');
    await page.type('action-item-due', '2026-12-20');
    await page.click('action-item-add');
    const add = page.backend.expectOne(INCIDENT_ROUTES.incidentActionItems(ID));
    expect(add.request.body).toEqual({
      title: 'Write the Redis runbook',
      ownerId: 'u-me',
      dueDate: '2026-12-20',
    });
    add.flush(
      item({ id: 'ai-2', title: 'Write the Redis runbook', dueDate: '2026-12-20', overdue: false }),
    );
    await page.stable();
    expect(page.find('action-item-ai-2')).not.toBeNull();
    expect(page.find('action-item-overdue-ai-2')).toBeNull();

    await page.choose('action-item-status-ai-1', 'Done');
    const change = page.backend.expectOne(INCIDENT_ROUTES.actionItem('ai-1'));
    expect(change.request.method).toBe('PATCH');
    expect(change.request.body).toEqual({ status: 'done' });
    change.flush(item({ status: 'done', overdue: false }));
    await page.stable();
    expect(page.find('action-item-overdue-ai-1')).toBeNull();
  });
  it('changes an item’s owner and due date, and removes them through clear', async () => {
    await open(RESOLVED, aPostmortem({ version: 1, actionItems: [item()] }));
    const change = async (body: object, answer: ActionItemSummary) => {
      const patch = page.backend.expectOne(INCIDENT_ROUTES.actionItem('ai-1'));
      expect(patch.request.method).toBe('PATCH');
      expect(patch.request.body).toEqual(body);
      patch.flush(answer);
      await page.stable();
    };

    await page.choose('action-item-owner-ai-1', 'bob');
    await change({ ownerId: 'u-bob' }, item({ owner: { userId: 'u-bob', name: 'bob' } }));
    expect(page.text('action-item-ai-1')).toContain('Owner: bob');

    await page.choose('action-item-owner-ai-1', 'Nobody');
    await change({ clear: ['ownerId'] }, item({ owner: null }));
    expect(page.text('action-item-ai-1')).toContain('Owner: nobody');

    await page.type('action-item-due-ai-1', '2026-12-24');
    await change(
      { dueDate: '2026-12-24' },
      item({ owner: null, dueDate: '2026-12-24', overdue: false }),
    );
    expect(page.find('action-item-overdue-ai-1')).toBeNull();

    await page.type('action-item-due-ai-1', '');
    const cleared = page.backend.expectOne(INCIDENT_ROUTES.actionItem('ai-1'));
    expect(cleared.request.body).toEqual({ clear: ['dueDate'] });
    cleared.flush(...refusal(409, 'The action item changed meanwhile'));
    await page.stable();
    // Refused: the field shows what the server holds again, and says why.
    expect(page.find<HTMLInputElement>('action-item-due-ai-1')?.value).toBe('2026-12-24');
    expect(page.text('action-items-error')).toContain('The action item changed meanwhile');
  });
});
