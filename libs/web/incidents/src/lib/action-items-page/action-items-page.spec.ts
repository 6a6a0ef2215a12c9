import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { ActionItemSummary } from '@hyperion/contracts';
import { INCIDENT_ROUTES } from '@hyperion/contracts';

import { ID } from '../testing/fixtures';
import { PageHarness, openPage, refusal } from '../testing/harness';
import { ActionItemsPage } from './action-items-page';

const item = (patch: Partial<ActionItemSummary> = {}): ActionItemSummary => ({
  id: 'ai-1',
  incidentId: ID,
  incidentNumber: 7,
  incidentTitle: 'Redis down',
  title: 'Alert on Redis connection errors',
  owner: { userId: 'u-bob', name: 'bob' },
  dueDate: '2026-11-01',
  status: 'open',
  overdue: true,
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
  ...patch,
});
const LATER = item({
  id: 'ai-2',
  title: 'Write the runbook',
  dueDate: '2027-01-10',
  overdue: false,
});

describe('ActionItemsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<ActionItemsPage>;

  const listRequest = () =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === INCIDENT_ROUTES.actionItems);

  beforeEach(async () => {
    page = await openPage(ActionItemsPage);
  });

  afterEach(() => page.destroy());

  it('marks overdue items in words, and lists them alone on request', async () => {
    listRequest().flush([item(), LATER]);
    await page.stable();
    expect(page.text('action-item-overdue-ai-1')).toBe('⚠ Overdue');
    expect(page.find('action-item-overdue-ai-2')).toBeNull();
    expect(page.text('action-items-overdue-count')).toBe('1 action item is overdue.');
    expect(page.text('action-item-row-ai-1')).toContain('#007 Redis down');

    await page.check('action-items-overdue');
    expect(TestBed.inject(Router).url).toBe('/?overdue=true');
    const overdue = listRequest();
    expect(overdue.request.params.get('overdue')).toBe('true');
    overdue.flush([item()]);
    await page.stable();
    expect(page.find('action-item-row-ai-2')).toBeNull();
  });

  it('changes an item’s status, and shows a refusal on its row', async () => {
    listRequest().flush([item()]);
    await page.stable();
    await page.choose('action-item-status-ai-1', 'In progress');
    page.backend
      .expectOne(INCIDENT_ROUTES.actionItem('ai-1'))
      .flush(...refusal(403, 'Missing permission incidents:write'));
    await page.stable();
    expect(page.text('action-item-row-ai-1')).toContain("You don't have permission to do that");

    await page.choose('action-item-status-ai-1', 'Done');
    const done = page.backend.expectOne(INCIDENT_ROUTES.actionItem('ai-1'));
    expect(done.request.body).toEqual({ status: 'done' });
    done.flush(item({ status: 'done', overdue: false }));
    await page.stable();
    expect(page.find('action-item-overdue-ai-1')).toBeNull();
  });
});
