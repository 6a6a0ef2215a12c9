import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { CreateIncidentRequest, IncidentPerson, ServiceSummary } from '@hyperion/contracts';
import { INCIDENT_ROUTES, SERVICE_ROUTES } from '@hyperion/contracts';

import { aDetail, settings } from '../testing/fixtures';
import { PageHarness, openPage, refusal } from '../testing/harness';
import { NewIncidentPage } from './new-incident-page';

/** What GET /incidents/members answers (incidents:read is enough). */
const MEMBERS: IncidentPerson[] = [
  { userId: 'u-bob', name: 'bob' },
  { userId: 'u-carol', name: 'carol' },
  { userId: 'u-me', name: 'ada' },
];
const SERVICES = [{ id: 's-auth', name: 'Auth API' }] as ServiceSummary[];
const CREATED = aDetail({ id: 'i-9', number: 9 });

describe('NewIncidentPage', { timeout: 60_000 }, () => {
  let page: PageHarness<NewIncidentPage>;
  let navigate: { mock: { calls: unknown[][] } };

  async function open(): Promise<void> {
    page = await openPage(NewIncidentPage, {
      held: ['incidents:read', 'incidents:write', 'alerts:read'],
    });
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    page.backend.expectOne(INCIDENT_ROUTES.members).flush(MEMBERS);
    page.backend.expectOne(SERVICE_ROUTES.collection).flush(SERVICES);
    page.backend.expectOne(INCIDENT_ROUTES.settings).flush(settings());
    await page.stable();
  }

  /** Chooses files in a file input as a person would. */
  async function pick(testId: string, files: File[]): Promise<void> {
    const input = page.find<HTMLInputElement>(testId);
    if (!input) throw new Error(`No file input ${testId}`);
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    input.dispatchEvent(new Event('change'));
    await page.stable();
  }

  const createRequest = () =>
    page.backend.expectOne((r) => r.method === 'POST' && r.url === INCIDENT_ROUTES.collection);

  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:preview');
    URL.revokeObjectURL = vi.fn();
  });

  afterEach(() => page.destroy());

  it('sends every field of the sheet, then ticks the checklist and uploads the screenshot', async () => {
    await open();

    await page.type('sheet-title', '  Sign-in fails for every user ');
    await page.type('sheet-reported-at', '2026-12-07T03:12:05');
    await page.choose('sheet-reporter-kind', 'An administrator');
    await page.check('sheet-severity-high');
    await page.choose('sheet-module', 'Authentication');
    await page.choose('sheet-error-type', 'Other (describe it)');
    await page.type('sheet-error-type-other', 'token_refresh');
    await page.type('sheet-description', 'Every sign-in answers 500.');

    await page.click('step-add');
    await page.click('step-add');
    await page.type('step-action-0', 'Submit the form');
    await page.type('step-endpoint-0', 'POST /api/v1/auth/login');
    await page.type('step-parameters-0', 'username=ada');
    await page.type('step-action-1', 'Open the sign-in page');
    await page.type('step-endpoint-1', 'GET /login');
    await page.click('step-up-1');
    expect(page.find<HTMLInputElement>('step-action-0')?.value).toBe('Open the sign-in page');

    await page.type('sheet-expected', 'A session');
    await page.type('sheet-observed', 'HTTP 500');
    await page.type('sheet-os', 'Linux');
    await page.type('sheet-browser', 'Firefox');
    await page.type('sheet-browser-version', '133');
    await page.click('version-add');
    await page.type('version-name-0', 'PostgreSQL');
    await page.type('version-value-0', '16.4');

    await page.type('sheet-audit-id', '4711');
    await page.type('sheet-ip', '203.0.113.7');
    await page.type('sheet-log-timestamp', '2026-12-07T03:11:59');
    await page.type(
      'sheet-traceback',
      'Traceback (most recent call last):\n  File "auth.py", line 3',
    );

    const shot = new File(['png'], 'login.png', { type: 'image/png' });
    await pick('screenshots-input', [shot, new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    expect(page.text('screenshots-refused')).toBe('notes.txt: not a PNG, JPEG, GIF or WebP image.');
    expect(page.find('screenshot-0')?.querySelector('img')?.getAttribute('alt')).toBe(
      'Preview of login.png',
    );

    await page.type('sheet-failing-component', 'Session store');
    await page.type('sheet-probable-cause', 'Redis refused connections');
    await page.type('sheet-user-impact', 'Nobody can sign in');
    await page.type('sheet-code-fix', 'Retry the connection');
    await page.type('sheet-db-migration', 'None');
    const restart = page.find<HTMLInputElement>('sheet-restart-input');
    if (!restart) throw new Error('no restart input');
    for (const name of ['Redis', 'API']) {
      restart.value = name;
      restart.dispatchEvent(new Event('input'));
      restart.dispatchEvent(new Event('blur'));
      await page.stable();
    }
    expect(page.find('restart-Redis')).not.toBeNull();

    await page.check('sheet-check-unit');
    await page.choose('sheet-service', 'Auth API');
    await page.choose('sheet-assignee', 'bob');
    await page.choose('sheet-commander', 'carol');
    await page.choose('sheet-communications', 'ada (you)');
    await page.choose('sheet-responders', 'bob');
    await page.choose('sheet-responders', 'carol');

    await page.click('sheet-submit');
    const create = createRequest();
    const expected: CreateIncidentRequest = {
      title: 'Sign-in fails for every user',
      severity: 'high',
      reportedAt: new Date('2026-12-07T03:12:05').toISOString(),
      reportedBy: { kind: 'admin', userId: 'u-me', name: 'ada' },
      module: 'Authentication',
      errorType: 'other',
      errorTypeOther: 'token_refresh',
      description: 'Every sign-in answers 500.',
      reproductionSteps: [
        // An empty field is left out: the API refuses null.
        { action: 'Open the sign-in page', endpoint: 'GET /login' },
        {
          action: 'Submit the form',
          endpoint: 'POST /api/v1/auth/login',
          parameters: 'username=ada',
        },
      ],
      expectedBehaviour: 'A session',
      observedBehaviour: 'HTTP 500',
      environment: {
        os: 'Linux',
        browser: 'Firefox',
        browserVersion: '133',
        versions: [{ name: 'PostgreSQL', version: '16.4' }],
      },
      technicalLogs: {
        auditLogId: '4711',
        traceback: 'Traceback (most recent call last):\n  File "auth.py", line 3',
        ipAddress: '203.0.113.7',
        timestamp: new Date('2026-12-07T03:11:59').toISOString(),
      },
      analysis: {
        failingComponent: 'Session store',
        probableCause: 'Redis refused connections',
        userImpact: 'Nobody can sign in',
      },
      proposedSolution: {
        codeFix: 'Retry the connection',
        dbMigration: 'None',
        servicesToRestart: ['Redis', 'API'],
      },
      serviceId: 's-auth',
      assigneeId: 'u-bob',
      commanderId: 'u-carol',
      communicationsLeadId: 'u-me',
      responderIds: ['u-bob', 'u-carol'],
    };
    expect(create.request.body).toEqual(expected);
    create.flush(CREATED);
    await page.stable();

    const tick = page.backend.expectOne(INCIDENT_ROUTES.checklist('i-9', 'unit'));
    expect(tick.request.body).toEqual({ done: true });
    tick.flush(CREATED);
    await page.stable();
    const upload = page.backend.expectOne(INCIDENT_ROUTES.attachments('i-9'));
    const form = upload.request.body as FormData;
    expect((form.get('file') as File).name).toBe('login.png');
    expect(form.getAll('file')).toHaveLength(1);
    upload.flush({ id: 'a-1' });
    await page.stable();

    expect(navigate.mock.calls[0]?.[0]).toEqual(['..', 'i-9']);
  });

  it('shows each field’s problem before sending anything', async () => {
    await open();
    await page.type('sheet-title', '   ');
    await page.type('sheet-ip', '999.1.1.1');
    await page.choose('sheet-error-type', 'Other (describe it)');
    await page.click('sheet-submit');

    expect(page.text('sheet-error')).toBe('Some fields need fixing: they are marked below.');
    expect(page.text('sheet-title-error')).toBe(
      'Title: 1 to 200 characters on one line, without leading or trailing spaces.',
    );
    expect(page.text('sheet-severity-error')).toBe('Choose a severity.');
    expect(document.body.textContent).toContain('An IPv4 or IPv6 address, e.g. 203.0.113.7.');
    expect(document.body.textContent).toContain('Say what kind of error it is');
    page.backend.expectNone((r) => r.method === 'POST');
  });

  it('shows the server’s refusal at the top and beside the field it names', async () => {
    await open();
    await page.type('sheet-title', 'Disk full');
    await page.check('sheet-severity-low');
    await page.click('sheet-submit');
    createRequest().flush(
      ...refusal(400, ['technicalLogs.ipAddress: must be an IPv4 or IPv6 address']),
    );
    await page.stable();
    expect(page.text('sheet-error')).toContain('must be an IPv4 or IPv6 address');
    expect(page.find('sheet-ip')?.classList.contains('ng-invalid')).toBe(true);
    expect(navigate.mock.calls).toHaveLength(0);
  });

  it('keeps the created incident and says why a screenshot was refused (413, 415), with “Try again”', async () => {
    await open();
    await page.type('sheet-title', 'Disk full');
    await page.check('sheet-severity-medium');
    await pick('screenshots-input', [
      new File(['big'], 'huge.png', { type: 'image/png' }),
      new File(['fake'], 'fake.png', { type: 'image/png' }),
    ]);
    await page.click('sheet-submit');
    createRequest().flush(CREATED);
    await page.stable();
    page.backend
      .expectOne(INCIDENT_ROUTES.attachments('i-9'))
      .flush(...refusal(413, 'file: larger than 10 MiB'));
    await page.stable();
    page.backend
      .expectOne(INCIDENT_ROUTES.attachments('i-9'))
      .flush(...refusal(415, 'file: not an image (PNG, JPEG, GIF or WebP)'));
    await page.stable();

    expect(navigate.mock.calls).toHaveLength(0);
    expect(page.text('leftover-0')).toContain('Screenshot huge.png: larger than 10 MiB');
    expect(page.text('leftover-1')).toContain(
      'Screenshot fake.png: not an image (PNG, JPEG, GIF or WebP)',
    );
    expect(page.find('sheet-form')).toBeNull();

    document.querySelector<HTMLButtonElement>('[data-testid="leftover-1"] button')?.click();
    await page.stable();
    page.backend.expectOne(INCIDENT_ROUTES.attachments('i-9')).flush({ id: 'a-2' });
    await page.stable();
    expect(page.find('leftover-1')).toBeNull();
    expect(page.text('leftover-0')).toContain('huge.png');
  });
});
