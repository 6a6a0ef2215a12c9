import type { ContactSummary, TeamSummary } from '@hyperion/contracts';
import { ON_CALL_ROUTES } from '@hyperion/contracts';

import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { TeamsPage } from './teams-page';

const contact = (id: string, name: string): ContactSummary => ({
  id,
  name,
  userId: null,
  email: null,
  phone: null,
  handles: {},
  timeZone: 'UTC',
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
});
const ALICE = contact('c-alice', 'Alice');
const BOB = contact('c-bob', 'Bob');
const CAROL = contact('c-carol', 'Carol');

const OPS: TeamSummary = {
  id: 't-ops',
  name: 'Ops',
  description: 'Keeps production up',
  memberIds: [BOB.id, ALICE.id],
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
};

// The first test also compiles the page, its dialogs and their Material parts: slow on a busy machine.
describe('TeamsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<TeamsPage>;

  async function open(
    teams: TeamSummary[],
    held: Parameters<typeof openPage>[1] = ['notifications:read', 'notifications:write'],
  ): Promise<void> {
    page = await openPage(TeamsPage, held);
    page.backend.expectOne(ON_CALL_ROUTES.teams).flush(teams);
    page.backend.expectOne(ON_CALL_ROUTES.contacts).flush([ALICE, BOB, CAROL]);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('lists each team with its members by name, in order', async () => {
    await open([OPS]);
    expect(page.text(`team-members-${OPS.id}`)).toBe('1. Bob, 2. Alice');
    expect(page.text(`team-row-${OPS.id}`)).toContain('Keeps production up');
  });

  it('creates a team with members in the order chosen, and shows a refusal in words', async () => {
    await open([]);
    expect(page.text('teams-empty')).toContain('No teams yet.');
    await page.click('team-new');
    page.type('team-name', 'Database');
    await page.choose('team-members-add', 'Carol');
    await page.choose('team-members-add', 'Alice');
    await page.click('team-members-up-1');
    expect(page.text('team-members-list')).toMatch(/1\.\s*Alice.*2\.\s*Carol/);
    await page.click('team-submit');

    const refused = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ON_CALL_ROUTES.teams,
    );
    expect(refused.request.body).toEqual({ name: 'Database', memberIds: [ALICE.id, CAROL.id] });
    refused.flush(...refusal(400, ['memberIds: each contact at most once']));
    await page.stable();
    expect(page.text('team-form-error')).toBe('The members: each contact at most once');

    await page.click('team-submit');
    page.backend
      .expectOne((r) => r.method === 'POST')
      .flush({ ...OPS, id: 't-db', name: 'Database', memberIds: [ALICE.id, CAROL.id] });
    await page.stable();
    expect(page.text('team-members-t-db')).toBe('1. Alice, 2. Carol');
  });

  it('edits the members: removed and reordered, only they are sent', async () => {
    await open([OPS]);
    await page.click(`team-edit-${OPS.id}`);
    await page.click('team-members-remove-0');
    await page.choose('team-members-add', 'Carol');
    await page.click('team-submit');
    const request = page.backend.expectOne((r) => r.method === 'PATCH');
    expect(request.request.url).toBe(ON_CALL_ROUTES.team(OPS.id));
    expect(request.request.body).toEqual({ memberIds: [ALICE.id, CAROL.id] });
    request.flush({ ...OPS, memberIds: [ALICE.id, CAROL.id] });
    await page.stable();
    expect(page.text(`team-members-${OPS.id}`)).toBe('1. Alice, 2. Carol');
  });

  it('deletes after a confirmation, and offers no changes to a reader', async () => {
    await open([OPS]);
    await page.click(`team-delete-${OPS.id}`);
    expect(page.text('team-delete-dialog')).toContain('Ops');
    await page.click('team-delete-dialog-confirm');
    page.backend
      .expectOne((r) => r.method === 'DELETE' && r.url === ON_CALL_ROUTES.team(OPS.id))
      .flush(null, { status: 204, statusText: 'No Content' });
    await page.stable();
    expect(page.find(`team-row-${OPS.id}`)).toBeNull();
    page.destroy();

    await open([OPS], ['notifications:read']);
    expect(page.find('team-new')).toBeNull();
    expect(page.find(`team-edit-${OPS.id}`)).toBeNull();
    expect(page.find(`team-delete-${OPS.id}`)).toBeNull();
  });
});
