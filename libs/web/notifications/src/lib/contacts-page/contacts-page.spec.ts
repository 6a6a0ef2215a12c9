import type { ContactSummary, NotificationPreferences } from '@hyperion/contracts';
import { ON_CALL_ROUTES } from '@hyperion/contracts';

import { ME, PageHarness, openPage, refusal } from '../testing/page-harness';
import { ContactsPage } from './contacts-page';

const ALICE: ContactSummary = {
  id: 'c-alice',
  name: 'Alice Martin',
  userId: ME.id,
  email: 'alice@example.com',
  phone: '+33612345678',
  handles: { slack: 'U024BE7LH' },
  timeZone: 'Europe/Paris',
  createdAt: '2026-11-30T08:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
  icalUrl: '/api/v1/ical/contacts/old.ics',
};
const BOB: ContactSummary = {
  ...ALICE,
  id: 'c-bob',
  name: 'Bob',
  userId: null,
  email: null,
  phone: null,
  handles: {},
  icalUrl: '/api/v1/ical/contacts/bob.ics',
};

const RULES: NotificationPreferences = {
  contactId: ALICE.id,
  highUrgency: [
    { delayMinutes: 0, kind: 'slack' },
    { delayMinutes: 5, kind: 'sms' },
  ],
  lowUrgency: [],
  quietHours: null,
};

// The first test also compiles the page, its dialogs and their Material parts: slow on a busy machine.
describe('ContactsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<ContactsPage>;

  async function open(
    contacts: ContactSummary[],
    held: Parameters<typeof openPage>[1] = ['notifications:read', 'notifications:write'],
  ): Promise<void> {
    page = await openPage(ContactsPage, held);
    page.backend.expectOne(ON_CALL_ROUTES.contacts).flush(contacts);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('lists each contact with how to reach them, their zone and linked user', async () => {
    await open([ALICE, BOB]);
    const row = page.text(`contact-row-${ALICE.id}`) ?? '';
    expect(row).toContain('Alice Martin');
    expect(row).toContain('alice@example.com');
    expect(row).toContain('+33612345678');
    expect(row).toContain('Europe/Paris');
    expect(page.text(`contact-handles-${ALICE.id}`)).toBe('Slack U024BE7LH');
    expect(page.text(`contact-user-${ALICE.id}`)).toBe('You');
    expect(page.text(`contact-user-${BOB.id}`)).toBe('—');
    expect(page.text(`contact-handles-${BOB.id}`)).toBe('—');
  });

  it('creates a contact: field errors after the first submit, then the API refusal naming its field', async () => {
    await open([]);
    expect(page.text('contacts-empty')).toContain('No contacts yet.');
    await page.click('contact-new');

    page.type('contact-phone', '06 12 34 56 78');
    await page.click('contact-submit');
    expect(page.find('contact-name-error')).not.toBeNull();
    expect(page.text('contact-phone-error')).toBe(
      'An international number starting with + and the country code.',
    );
    page.backend.expectNone((r) => r.method === 'POST');

    page.type('contact-name', 'Carol');
    page.type('contact-phone', '+33 6 12 34 56 78');
    page.type('contact-time-zone', 'Europe/Paris');
    page.type('contact-handle-telegram', '123456789');
    await page.click('contact-submit');
    const refused = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ON_CALL_ROUTES.contacts,
    );
    expect(refused.request.body).toEqual({
      name: 'Carol',
      timeZone: 'Europe/Paris',
      phone: '+33612345678',
      handles: { telegram: '123456789' },
    });
    refused.flush(...refusal(400, ['phone: an E.164 number, e.g. +33612345678']));
    await page.stable();
    expect(page.text('contact-form-error')).toBe(
      'The phone number: an E.164 number, e.g. +33612345678',
    );

    await page.click('contact-submit');
    page.backend
      .expectOne((r) => r.method === 'POST')
      .flush({ ...BOB, id: 'c-carol', name: 'Carol' });
    await page.stable();
    expect(page.find('contact-form')).toBeNull();
    expect(page.text('contact-row-c-carol')).toContain('Carol');
  });

  it('edits only what changed, clearing a field with null', async () => {
    await open([ALICE]);
    await page.click(`contact-edit-${ALICE.id}`);
    page.type('contact-email', '');
    await page.click('contact-submit');
    const request = page.backend.expectOne((r) => r.method === 'PATCH');
    expect(request.request.url).toBe(ON_CALL_ROUTES.contact(ALICE.id));
    expect(request.request.body).toEqual({ email: null });
    request.flush({ ...ALICE, email: null });
    await page.stable();
    expect(page.text(`contact-row-${ALICE.id}`)).not.toContain('alice@example.com');
  });

  it('edits the notification rules: steps reordered and added, quiet hours on, refusals in words', async () => {
    await open([ALICE]);
    await page.click(`contact-rules-${ALICE.id}`);
    page.backend.expectOne(ON_CALL_ROUTES.contactPreferences(ALICE.id)).flush(RULES);
    await page.stable();

    expect(page.find<HTMLInputElement>('rules-highUrgency-delay-1')?.value).toBe('5');
    expect(page.text('rules-lowUrgency-empty')).toBe('No steps: Hyperion sends one email at once.');

    await page.click('rules-highUrgency-up-1');
    expect(page.find<HTMLInputElement>('rules-highUrgency-delay-0')?.value).toBe('5');
    await page.click('rules-lowUrgency-add');
    page.type('rules-lowUrgency-delay-0', '30');
    await page.choose('rules-lowUrgency-kind-0', 'Telegram');
    expect(page.text('rules-lowUrgency-reach-0')).toBe('Alice Martin has no handle for this chat.');
    await page.choose('rules-lowUrgency-kind-0', 'Email');
    page.find('rules-quiet-enabled')?.querySelector('input')?.click();
    await page.stable();

    await page.click('rules-submit');
    const request = page.backend.expectOne(
      (r) => r.method === 'PUT' && r.url === ON_CALL_ROUTES.contactPreferences(ALICE.id),
    );
    expect(request.request.body).toEqual({
      highUrgency: [
        { delayMinutes: 5, kind: 'sms' },
        { delayMinutes: 0, kind: 'slack' },
      ],
      lowUrgency: [{ delayMinutes: 30, kind: 'email' }],
      quietHours: { from: '22:00', to: '07:00' },
    });
    request.flush(...refusal(400, ['highUrgency.0.delayMinutes: at most 1440']));
    await page.stable();
    expect(page.text('rules-form-error')).toBe(
      "High-urgency step 1's delay in minutes: at most 1440",
    );

    await page.click('rules-submit');
    page.backend.expectOne((r) => r.method === 'PUT').flush({ ...RULES });
    await page.stable();
    expect(page.find('rules-form')).toBeNull();
  });

  it('checks a step’s delay before sending', async () => {
    await open([ALICE]);
    await page.click(`contact-rules-${ALICE.id}`);
    page.backend.expectOne(ON_CALL_ROUTES.contactPreferences(ALICE.id)).flush(RULES);
    await page.stable();
    page.type('rules-highUrgency-delay-0', '2000');
    await page.click('rules-submit');
    expect(page.text('rules-highUrgency-step-0')).toContain('0 to 1440 whole minutes.');
    page.backend.expectNone((r) => r.method === 'PUT');
  });

  it('lets a reader see, but not change, the rules of someone else — and change their own', async () => {
    await open([ALICE, BOB], ['notifications:read']);
    expect(page.find('contact-new')).toBeNull();
    expect(page.find(`contact-edit-${BOB.id}`)).toBeNull();
    await page.click(`contact-more-${BOB.id}`);
    expect(page.find(`contact-ical-${BOB.id}-copy`)).not.toBeNull();
    expect(page.find(`contact-delete-${BOB.id}`)).toBeNull();
    expect(page.find(`contact-ical-${BOB.id}-rotate`)).toBeNull();
    (document.querySelector('.cdk-overlay-backdrop') as HTMLElement | null)?.click();
    await page.stable();

    await page.click(`contact-rules-${BOB.id}`);
    page.backend.expectOne(ON_CALL_ROUTES.contactPreferences(BOB.id)).flush({
      ...RULES,
      contactId: BOB.id,
    });
    await page.stable();
    expect(page.find('rules-read-only')).not.toBeNull();
    expect(page.find('rules-submit')).toBeNull();
    expect(page.find('rules-highUrgency-add')).toBeNull();
    expect(page.find<HTMLInputElement>('rules-highUrgency-delay-0')?.disabled).toBe(true);
    expect(page.text('rules-lowUrgency-empty')).toContain('reach no one');
    (document.querySelector('[mat-dialog-close]') as HTMLElement | null)?.click();
    await page.stable();

    // Alice is the signed-in user: her own rules are hers to change.
    await page.click(`contact-rules-${ALICE.id}`);
    page.backend.expectOne(ON_CALL_ROUTES.contactPreferences(ALICE.id)).flush(RULES);
    await page.stable();
    expect(page.find('rules-read-only')).toBeNull();
    expect(page.find('rules-submit')).not.toBeNull();
  });

  it('replaces the calendar link after a confirmation, and deletes after one', async () => {
    await open([ALICE]);
    await page.click(`contact-more-${ALICE.id}`);
    await page.click(`contact-ical-${ALICE.id}-rotate`);
    expect(page.text(`contact-ical-${ALICE.id}-rotate-dialog`)).toContain('stops working');
    await page.click(`contact-ical-${ALICE.id}-rotate-dialog-confirm`);
    page.backend
      .expectOne(
        (r) => r.method === 'POST' && r.url === `${ON_CALL_ROUTES.contact(ALICE.id)}/ical-token`,
      )
      .flush({ ...ALICE, icalUrl: '/api/v1/ical/contacts/new.ics' });
    await page.stable();
    expect(page.find(`contact-ical-${ALICE.id}-rotate-dialog`)).toBeNull();
    // The row now copies the new address (jsdom has no clipboard: the console shows it instead).
    await page.click(`contact-more-${ALICE.id}`);
    await page.click(`contact-ical-${ALICE.id}-copy`);
    expect(document.querySelector('mat-snack-bar-container')?.textContent).toContain(
      '/api/v1/ical/contacts/new.ics',
    );

    await page.click(`contact-more-${ALICE.id}`);
    await page.click(`contact-delete-${ALICE.id}`);
    await page.click('contact-delete-dialog-confirm');
    page.backend
      .expectOne((r) => r.method === 'DELETE')
      .flush(
        ...refusal(409, [
          'The contact is in a rotation of these schedules: Ops; remove them from it first',
        ]),
      );
    await page.stable();
    expect(page.text('contact-delete-dialog-error')).toContain('rotation of these schedules: Ops');
    await page.click('contact-delete-dialog-confirm');
    page.backend
      .expectOne((r) => r.method === 'DELETE')
      .flush(null, { status: 204, statusText: 'No Content' });
    await page.stable();
    expect(page.find(`contact-row-${ALICE.id}`)).toBeNull();
  });
});
