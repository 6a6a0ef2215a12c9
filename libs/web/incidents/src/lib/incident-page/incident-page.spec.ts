import type { IncidentDetail, IncidentPerson, IncidentTimelineEntry } from '@hyperion/contracts';
import { INCIDENT_ROUTES } from '@hyperion/contracts';

import { ID, aDetail, anEntry, anIncident, settings } from '../testing/fixtures';
import { OpenOptions, PageHarness, openPage, refusal } from '../testing/harness';
import { IncidentPage } from './incident-page';

const TIMELINE: IncidentTimelineEntry[] = [
  anEntry({
    id: 't-2',
    at: '2026-12-07T03:20:00.000Z',
    kind: 'comment',
    summary: 'Comment',
    body: 'Looking at Redis',
  }),
  anEntry({ id: 't-1', at: '2026-12-07T03:12:05.000Z' }),
];

/** GET /incidents/members. */
const MEMBERS: IncidentPerson[] = [
  { userId: 'u-bob', name: 'bob' },
  { userId: 'u-carol', name: 'carol' },
];

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('IncidentPage', { timeout: 30_000 }, () => {
  let page: PageHarness<IncidentPage>;

  const actionButtons = () =>
    Array.from(document.querySelectorAll('[data-testid^="incident-action-"]')).map((b) =>
      b.textContent?.trim(),
    );
  const entryIds = () =>
    Array.from(document.querySelectorAll('[data-testid^="timeline-entry-"]')).map((e) =>
      e.getAttribute('data-testid')?.replace('timeline-entry-', ''),
    );

  async function open(
    detail: IncidentDetail,
    options: OpenOptions = {},
    members: IncidentPerson[] = MEMBERS,
  ): Promise<void> {
    page = await openPage(IncidentPage, { inputs: { id: ID }, ...options });
    page.backend.expectOne(INCIDENT_ROUTES.item(ID)).flush(detail);
    page.backend.expectOne(INCIDENT_ROUTES.timeline(ID)).flush(TIMELINE);
    page.backend.expectOne(INCIDENT_ROUTES.settings).flush(settings());
    // The role pickers' members: asked for only by those who may change the roles.
    if ((options.held ?? ['incidents:write']).includes('incidents:write')) {
      page.backend.expectOne(INCIDENT_ROUTES.members).flush(members);
    } else {
      page.backend.expectNone(INCIDENT_ROUTES.members);
    }
    await page.stable();
  }

  /** The reload a write or a live change asks for (after a short delay). */
  async function reloaded(detail: IncidentDetail, timeline = TIMELINE): Promise<void> {
    await wait(350);
    await page.stable();
    page.backend.expectOne(INCIDENT_ROUTES.item(ID)).flush(detail);
    page.backend.expectOne(INCIDENT_ROUTES.timeline(ID)).flush(timeline);
    await page.stable();
  }

  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:object-url');
    URL.revokeObjectURL = vi.fn();
  });

  afterEach(() => {
    vi.restoreAllMocks();
    page.destroy();
  });

  it('offers only the moves the API allows, in its words', async () => {
    await open(aDetail());
    expect(page.text('incident-number')).toBe('#001');
    expect(page.text('incident-title')).toBe('Sign-in fails for every user');
    expect(page.chip('incident-status')).toBe('Open');
    expect(actionButtons()).toEqual(['Acknowledge', 'Start work', 'Resolve']);
    expect(page.text('incident-postmortem-later')).toContain('once the incident is resolved');
    page.destroy();

    await open(aDetail({ status: 'closed', allowedActions: ['reopen'] }));
    expect(actionButtons()).toEqual(['Reopen']);
    expect(page.find('incident-postmortem')?.textContent?.trim()).toBe('Write the post-mortem');
    page.destroy();

    await open(aDetail(), { held: ['incidents:read'] });
    expect(actionButtons()).toEqual([]);
    expect(page.find('sheet-edit')).toBeNull();
  });

  it('gives roles among the members, and takes someone off a role through clear', async () => {
    const staffed = aDetail({ version: 4, assignee: { userId: 'u-bob', name: 'bob' } });
    await open(staffed);
    expect(page.find('roles-people-notice')).toBeNull();
    await page.choose('role-commander', 'carol');
    await page.choose('role-assignee', 'Nobody');
    await page.choose('role-responders', 'ada (you)');
    await page.click('roles-save');
    const save = page.backend.expectOne(INCIDENT_ROUTES.item(ID));
    expect(save.request.method).toBe('PATCH');
    expect(save.request.body).toEqual({
      version: 4,
      commanderId: 'u-carol',
      clear: ['assigneeId'],
      responderIds: ['u-me'],
    });
    const saved = aDetail({
      version: 5,
      commander: { userId: 'u-carol', name: 'carol' },
      responders: [{ userId: 'u-me', name: 'ada' }],
    });
    save.flush(saved);
    await page.stable();
    await reloaded(saved);
  });

  it('says when the role pickers cannot offer every member', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      userId: `u-${i}`,
      name: `user${String(i).padStart(3, '0')}`,
    }));
    await open(aDetail(), {}, many);
    expect(page.text('roles-people-notice')).toBe(
      'Only the first 200 members by name are offered, with you and the people already named.',
    );
  });

  it('moves the incident with the version read, and shows where it now stands', async () => {
    await open(aDetail());
    await page.type('incident-move-note', 'On it');
    await page.click('incident-action-acknowledge');
    const move = page.backend.expectOne(INCIDENT_ROUTES.action(ID, 'acknowledge'));
    expect(move.request.method).toBe('POST');
    expect(move.request.body).toEqual({ version: 1, note: 'On it' });
    const acknowledged = aDetail({
      status: 'acknowledged',
      version: 2,
      allowedActions: ['start', 'resolve'],
      acknowledgedAt: '2026-12-07T03:14:00.000Z',
      acknowledgedBy: { type: 'user', userId: 'u-me', name: 'ada' },
    });
    move.flush(acknowledged);
    await page.stable();
    expect(page.chip('incident-status')).toBe('Acknowledged');
    expect(actionButtons()).toEqual(['Start work', 'Resolve']);
    expect(page.text('incident-lifecycle')).toContain('by ada');
    await reloaded(acknowledged);
  });

  it('says a 409 means someone else changed it, and reloads on request', async () => {
    await open(aDetail());
    await page.click('incident-action-resolve');
    page.backend
      .expectOne(INCIDENT_ROUTES.action(ID, 'resolve'))
      .flush(...refusal(409, 'Cannot resolve a closed incident; allowed: reopen'));
    await page.stable();
    expect(page.find('incident-problem')?.getAttribute('role')).toBe('alert');
    expect(page.text('incident-problem')).toContain('changed by someone else');
    expect(page.text('incident-problem')).toContain(
      'Cannot resolve a closed incident; allowed: reopen',
    );

    await page.click('incident-problem-reload');
    page.backend
      .expectOne(INCIDENT_ROUTES.item(ID))
      .flush(aDetail({ status: 'closed', allowedActions: ['reopen'], version: 4 }));
    page.backend.expectOne(INCIDENT_ROUTES.timeline(ID)).flush(TIMELINE);
    await page.stable();
    expect(page.find('incident-problem')).toBeNull();
    expect(actionButtons()).toEqual(['Reopen']);
  });

  it('edits the sheet with the version read: only what changed is sent; a 409 offers to reload', async () => {
    await open(aDetail({ version: 5 }));
    await page.click('sheet-edit');
    await page.type('sheet-description', 'Every sign-in answers 500 since 03:10.');
    await page.click('sheet-submit');
    const patch = page.backend.expectOne(
      (r) => r.method === 'PATCH' && r.url === INCIDENT_ROUTES.item(ID),
    );
    expect(patch.request.body).toEqual({
      description: 'Every sign-in answers 500 since 03:10.',
      version: 5,
    });
    patch.flush(...refusal(409, 'version: the incident changed meanwhile (now 6)'));
    await page.stable();
    expect(page.text('sheet-error')).toContain('changed by someone else');

    await page.click('sheet-reload');
    page.backend
      .expectOne(INCIDENT_ROUTES.item(ID))
      .flush(aDetail({ version: 6, description: 'Theirs' }));
    page.backend.expectOne(INCIDENT_ROUTES.timeline(ID)).flush(TIMELINE);
    await page.stable();
    expect(page.find('sheet-form')).toBeNull();
    expect(page.text('view-description')).toBe('Theirs');
  });

  it('shows the timeline in order; adds a comment and pins an entry', async () => {
    await open(aDetail());
    expect(entryIds()).toEqual(['t-1', 't-2']);
    expect(page.text('timeline-entry-t-2')).toContain('Looking at Redis');
    expect(page.text('timeline-entry-t-2')).toContain('ada');

    await page.type('timeline-comment', 'Redis restarted');
    await page.click('timeline-comment-add');
    const comment = page.backend.expectOne(INCIDENT_ROUTES.comments(ID));
    expect(comment.request.body).toEqual({ body: 'Redis restarted' });
    comment.flush(
      anEntry({
        id: 't-3',
        at: '2026-12-07T03:30:00.000Z',
        kind: 'comment',
        summary: 'Comment',
        body: 'Redis restarted',
      }),
    );
    await page.stable();
    expect(entryIds()).toEqual(['t-1', 't-2', 't-3']);
    expect(page.find<HTMLTextAreaElement>('timeline-comment')?.value).toBe('');

    await page.click('timeline-pin-t-1');
    const pin = page.backend.expectOne(INCIDENT_ROUTES.pin(ID, 't-1'));
    expect(pin.request.method).toBe('PUT');
    expect(pin.request.body).toEqual({ pinned: true });
    pin.flush(anEntry({ pinned: true }));
    await page.stable();
    expect(page.text('timeline-entry-t-1')).toContain('Pinned');
    expect(page.text('timeline-pin-t-1')).toBe('Unpin');
  });

  it('downloads the Markdown and PDF exports with the session, and says why one failed', async () => {
    await open(aDetail());
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(this.download);
    });

    await page.click('incident-export-md');
    const md = page.backend.expectOne(INCIDENT_ROUTES.exportMarkdown(ID));
    expect(md.request.responseType).toBe('blob');
    md.flush(new Blob(['# Incident #001'], { type: 'text/markdown' }));
    await page.stable();

    await page.click('incident-export-pdf');
    page.backend
      .expectOne(INCIDENT_ROUTES.exportPdf(ID))
      .flush(
        new Blob([
          JSON.stringify({ statusCode: 503, message: 'PDF renderer busy', correlationId: 'r-1' }),
        ]),
        {
          status: 503,
          statusText: 'Unavailable',
        },
      );
    await wait(20);
    await page.stable();
    expect(saved).toEqual(['incident-001.md']);
    expect(page.text('incident-export-error')).toContain('PDF renderer busy');
  });

  it('previews screenshots fetched as blobs, and links each alert to its page', async () => {
    await open(
      aDetail({
        attachments: [
          {
            id: 'f-1',
            filename: 'login.png',
            contentType: 'image/png',
            size: 2048,
            sha256: 'a'.repeat(64),
            createdAt: '2026-12-07T03:15:00.000Z',
            createdBy: { userId: 'u-me', name: 'ada' },
          },
        ],
        alerts: [
          {
            alertId: 'a-1',
            dedupKey: 'auth-down',
            summary: 'Auth API down',
            severity: 'critical',
            state: 'triggered',
            linkedAt: '2026-12-07T03:12:05.000Z',
          },
        ],
      }),
    );
    const image = page.backend.expectOne(INCIDENT_ROUTES.attachment(ID, 'f-1'));
    expect(image.request.responseType).toBe('blob');
    image.flush(new Blob(['png'], { type: 'image/png' }));
    await page.stable();
    const img = page.find('attachment-f-1')?.querySelector('img');
    expect(img?.getAttribute('src')).toBe('blob:object-url');
    expect(img?.getAttribute('alt')).toBe('Screenshot login.png');
    expect(page.find('incident-alert-a-1')?.querySelector('a')?.getAttribute('href')).toBe(
      '/alerts/detail/a-1',
    );
  });

  it('asks for the incident again when it changes live, and says when live updates are off', async () => {
    await open(aDetail(), { connected: true });
    expect(page.text('incident-live')).toBe('Live: changes show as they happen');
    page.socket.changed(anIncident({ id: 'other', version: 9 }));
    page.socket.changed(anIncident({ version: 1 }));
    await wait(350);
    page.backend.expectNone(INCIDENT_ROUTES.item(ID));

    page.socket.changed(anIncident({ status: 'acknowledged', version: 2 }));
    await reloaded(
      aDetail({ status: 'acknowledged', version: 2, allowedActions: ['start', 'resolve'] }),
    );
    expect(page.chip('incident-status')).toBe('Acknowledged');

    page.socket.drop(new Date('2026-12-07T04:00:00'));
    await page.stable();
    expect(page.text('incident-live')).toContain('live updates are off since 04:00:00');
  });
});
