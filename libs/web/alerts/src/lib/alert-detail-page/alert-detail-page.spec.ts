import type { AlertDetail } from '@hyperion/contracts';
import { ALERT_ROUTES } from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';

import { PageHarness, openPage, refusal } from '../config-shared/testing/page-harness';
import { FakeSocket, alert, minutesAgo } from '../testing/alert-fixtures';
import { AlertDetailPage } from './alert-detail-page';

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const DETAIL: AlertDetail = {
  ...alert({ labels: { alertname: 'DatabaseDown', instance: 'db-1:5432' } }),
  annotations: { runbook: 'https://runbooks.example.com/db' },
  customDetails: { replicas: 2 },
  links: [{ href: 'https://grafana.example.com/d/db', text: 'Dashboard' }],
  component: 'postgres',
  group: null,
  generatorUrl: null,
  activity: [
    {
      at: minutesAgo(30),
      action: 'emitted',
      by: 'Prometheus',
      details: { channels: 'email, slack' },
    },
    { at: minutesAgo(10), action: 'escalated', by: 'system', details: { level: 2 } },
  ],
  notifications: [
    {
      id: 'n-1',
      serviceId: 's-db',
      groupKey: 'g',
      alertIds: ['a-1'],
      title: '[critical] Database down',
      urgency: 'high',
      channels: ['email', 'slack'],
      state: 'escalating',
      escalationPolicyId: 'p-1',
      createdAt: minutesAgo(30),
      escalation: [
        {
          level: 1,
          name: 'DevOps',
          dueAt: minutesAgo(30),
          state: 'sent',
          reason: null,
          deliveryIds: ['d-1', 'd-2'],
          pageIds: [],
        },
        {
          level: 2,
          name: 'Lead dev',
          dueAt: minutesAgo(15),
          state: 'sent',
          reason: null,
          deliveryIds: ['d-3'],
          pageIds: [],
        },
        {
          level: 3,
          name: 'CTO',
          dueAt: inMinutes(15),
          state: 'scheduled',
          reason: null,
          deliveryIds: [],
          pageIds: [],
        },
      ],
    },
  ],
};

describe('AlertDetailPage', { timeout: 30_000 }, () => {
  let page: PageHarness<AlertDetailPage>;
  let socket: FakeSocket;

  const detailRequest = () =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === ALERT_ROUTES.item(DETAIL.id));
  const chip = (testId: string) => page.find(testId)?.querySelector('.label')?.textContent?.trim();

  async function open(detail: AlertDetail, connected = true): Promise<void> {
    socket = new FakeSocket(connected);
    page = await openPage(
      AlertDetailPage,
      ['alerts:read', 'alerts:ack'],
      [{ provide: SocketService, useValue: socket }],
      { id: detail.id },
    );
    detailRequest().flush(detail);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('shows what the alert is, how often and when it fired, and everything that happened to it', async () => {
    await open(DETAIL);
    expect(page.text('alert-summary')).toBe('Database down');
    expect(chip('alert-severity')).toBe('Critical');
    expect(chip('alert-state')).toBe('Triggered');
    expect(page.text('alert-origin')).toBe('PostgreSQL · db-1.example.com · key db-down');
    expect(page.text('alert-occurrences')).toBe('3');
    expect(page.text('alert-first-seen')).toMatch(/\(30 min ago\)$/);
    expect(page.text('alert-last-seen')).toMatch(/\(3 min ago\)$/);
    const texts = (testId: string, selector: string) =>
      Array.from(page.find(testId)?.querySelectorAll(selector) ?? []).map((e) =>
        e.textContent?.trim(),
      );
    expect(texts('alert-labels', 'li')).toEqual(['alertname=DatabaseDown', 'instance=db-1:5432']);
    expect(texts('alert-annotations', 'dt, dd')).toEqual([
      'runbook',
      'https://runbooks.example.com/db',
    ]);
    expect(page.text('alert-custom-details')).toBe('{ "replicas": 2 }');
    expect(page.find('alert-links')?.querySelector('a')?.getAttribute('rel')).toBe(
      'noopener noreferrer',
    );
    const activity = texts('alert-activity', 'li').map((t) => t?.replace(/\s+/g, ' '));
    expect(activity).toEqual([
      expect.stringMatching(/Paged by Prometheus · channels: email, slack$/),
      expect.stringMatching(/Escalated by system · level: 2$/),
    ]);
    expect(page.text('alert-live')).toBe('Live: changes show as they happen');
  });

  it('shows the escalation level by level, each delivery linked to its receipt', async () => {
    await open(DETAIL);
    expect(page.text('alert-notification-n-1')).toContain('Level 2 of 3 reached');
    expect(page.text('alert-notification-state-n-1')).toMatch(/^Escalating/);
    expect(page.text('alert-level-n-1-1')).toBe(
      'Level 1 · DevOps · sent · Delivery 1 of level 1 · Delivery 2 of level 1',
    );
    expect(page.text('alert-level-n-1-3')).toMatch(
      /^Level 3 · CTO · scheduled at .+ \(in 1[45] min\)$/,
    );
    expect(page.find('alert-delivery-d-3')?.getAttribute('href')).toBe(
      '/notification-channels/deliveries?delivery=d-3',
    );
  });

  it('acknowledges it, showing the API’s refusal first', async () => {
    await open(DETAIL);
    await page.click('alert-ack');
    page.backend
      .expectOne((r) => r.method === 'POST' && r.url === ALERT_ROUTES.action(DETAIL.id))
      .flush(...refusal(409, 'The alert is resolved'));
    await page.stable();
    expect(page.text('alert-action-error')).toBe('The alert is resolved');
    expect(page.find('alert-action-error')?.getAttribute('role')).toBe('alert');

    await page.click('alert-ack');
    const ack = page.backend.expectOne((r) => r.url === ALERT_ROUTES.action(DETAIL.id));
    expect(ack.request.body).toEqual({ action: 'acknowledge' });
    ack.flush({
      ...alert(),
      state: 'acknowledged',
      acknowledgedAt: new Date().toISOString(),
      acknowledgedBy: 'u-me',
    });
    await page.stable();
    expect(chip('alert-state')).toBe('Acknowledged');
    expect(page.text('alert-acknowledged')).toMatch(/ by you$/);
    expect(page.find('alert-action-error')).toBeNull();
    // Its escalation stopped: the detail is asked for again.
    await new Promise((resolve) => setTimeout(resolve, 600));
    detailRequest().flush({
      ...DETAIL,
      state: 'acknowledged',
      notifications: [{ ...DETAIL.notifications[0], state: 'stopped' }],
    });
    await page.stable();
    expect(page.text('alert-notification-state-n-1')).toMatch(/^Stopped/);
  });

  it('names who else acknowledged it as its activity does, never by their user id', async () => {
    const acknowledgedAt = minutesAgo(2);
    await open({
      ...DETAIL,
      state: 'acknowledged',
      acknowledgedAt,
      acknowledgedBy: '015c78ae-f857-4063-b99c-7c11482816ff',
      activity: [
        ...DETAIL.activity,
        { at: acknowledgedAt, action: 'acknowledged', by: 'Alice Martin', details: {} },
      ],
    });
    expect(page.text('alert-acknowledged')).toMatch(/ by Alice Martin$/);
    expect(page.text('alert-acknowledged')).not.toContain('015c78ae');
  });

  it('follows alerts:changed about this alert only, and says when live updates are off', async () => {
    await open(DETAIL);
    socket.changed(alert({ id: 'other', state: 'resolved' }));
    await page.stable();
    socket.changed({ ...alert(), state: 'resolved', resolvedAt: new Date().toISOString() });
    await page.stable();
    expect(chip('alert-state')).toBe('Resolved');
    expect(page.find('alert-actions')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 600));
    detailRequest().flush({ ...DETAIL, state: 'resolved', resolvedAt: new Date().toISOString() });
    await page.stable();

    socket.drop();
    await page.stable();
    expect(page.text('alert-live')).toBe('May be out of date: live updates are off. Refresh');
    expect(page.find('alert-live')?.getAttribute('data-live')).toBe('false');
    socket.reconnect();
    await page.stable();
    detailRequest().flush(DETAIL);
    await page.stable();
    expect(page.text('alert-live')).toBe('Live: changes show as they happen');
  });
});
