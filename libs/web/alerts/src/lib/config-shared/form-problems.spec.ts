import { HttpErrorResponse } from '@angular/common/http';

import { formProblems } from './form-problems';

const refused = (status: number, message: string | string[]) =>
  new HttpErrorResponse({ status, error: { statusCode: status, message, correlationId: 'c' } });

describe('formProblems', () => {
  const FIELDS = ['name', 'matchers', 'levels'];

  it('puts each message by the field it names, paths in words', () => {
    const problems = formProblems(
      refused(400, [
        'name: too long',
        'levels[1].delayMinutes: must grow',
        'matchers.0.value: bad regex',
      ]),
      'Failed.',
      FIELDS,
    );
    expect(problems.fields).toEqual({
      name: 'Too long.',
      levels: 'Level 2, delay minutes: must grow.',
      matchers: 'Matcher 1, value: bad regex.',
    });
    expect(problems.general).toBeNull();
  });

  it('gives a 409 naming no field to the conflict field, the rest to the top of the form', () => {
    expect(
      formProblems(refused(409, 'A rule named "x" already exists'), 'F.', FIELDS, 'name'),
    ).toEqual({
      fields: { name: 'A rule named "x" already exists.' },
      general: null,
    });
    const mixed = formProblems(
      refused(400, ['name: empty', 'organization is locked']),
      'F.',
      FIELDS,
    );
    expect(mixed.fields).toEqual({ name: 'Empty.' });
    expect(mixed.general).toBe('Organization is locked');
  });

  it('leaves other failures whole', () => {
    expect(
      formProblems(refused(403, 'Missing permission alerts:write'), 'F.', FIELDS).general,
    ).toBe("You don't have permission to do that (it needs alerts:write)");
    expect(formProblems(new Error('x'), 'Could not save.', FIELDS).general).toBe('Could not save.');
  });
});
