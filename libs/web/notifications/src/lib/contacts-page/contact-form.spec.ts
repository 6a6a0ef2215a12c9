import type { ContactSummary } from '@hyperion/contracts';

import {
  contactFormFrom,
  createContactRequest,
  emptyContactForm,
  handlesText,
  phoneProblem,
  updateContactRequest,
} from './contact-form';

const ALICE: ContactSummary = {
  id: 'c1',
  name: 'Alice Martin',
  userId: null,
  email: 'alice@example.com',
  phone: '+33612345678',
  handles: { slack: 'U024BE7LH', webhook: 'alice-hook' },
  timeZone: 'Europe/Paris',
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
  icalUrl: '/api/v1/ical/contacts/t1.ics',
};

describe('contact form', () => {
  it('creates with only what was given: trimmed, the phone without separators', () => {
    const form = emptyContactForm('Europe/Paris');
    form.name = ' Bob ';
    form.phone = '+33 6 12-34.56 78';
    form.handles.telegram = ' 123456789 ';
    expect(createContactRequest(form)).toEqual({
      name: 'Bob',
      timeZone: 'Europe/Paris',
      phone: '+33612345678',
      handles: { telegram: '123456789' },
    });
  });

  it('tells an E.164 number from a local one, separators allowed', () => {
    expect(phoneProblem('')).toBe(false);
    expect(phoneProblem('+33 6 12 34 56 78')).toBe(false);
    expect(phoneProblem('06 12 34 56 78')).toBe(true);
    expect(phoneProblem('+0123')).toBe(true);
  });

  it('updates only what changed, clearing a field with null', () => {
    const form = contactFormFrom(ALICE);
    expect(updateContactRequest(ALICE, form)).toBeNull();

    form.email = '';
    form.timeZone = 'America/New_York';
    expect(updateContactRequest(ALICE, form)).toEqual({
      email: null,
      timeZone: 'America/New_York',
    });
  });

  it('sends the handles whole when one changed, keeping those the form does not show', () => {
    const form = contactFormFrom(ALICE);
    form.handles.slack = '';
    form.handles.discord = '80351110224678912';
    expect(updateContactRequest(ALICE, form)).toEqual({
      handles: { webhook: 'alice-hook', discord: '80351110224678912' },
    });
  });

  it('links and unlinks a user', () => {
    const form = contactFormFrom(ALICE);
    form.userId = 'u1';
    expect(updateContactRequest(ALICE, form)).toEqual({ userId: 'u1' });
    expect(updateContactRequest({ ...ALICE, userId: 'u1' }, { ...form, userId: '' })).toEqual({
      userId: null,
    });
  });

  it('lists the handles with their service', () => {
    expect(handlesText(ALICE.handles, (kind) => kind.toUpperCase())).toBe(
      'SLACK U024BE7LH, WEBHOOK alice-hook',
    );
  });
});
