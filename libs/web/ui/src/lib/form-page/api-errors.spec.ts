import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';

import { REFUSED_SEE_FIELDS, apiFieldError, applyApiErrors, fieldError } from './api-errors';

const refusal = (status: number, message: unknown) =>
  new HttpErrorResponse({
    error: { statusCode: status, error: 'Refused', message, correlationId: 'c-1' },
    status,
    statusText: 'Refused',
  });

const newForm = () =>
  new FormGroup({
    name: new FormControl('web', { nonNullable: true, validators: [Validators.required] }),
    url: new FormControl('http://x', { nonNullable: true }),
    kind: new FormControl({ value: 'http', disabled: true }, { nonNullable: true }),
    target: new FormGroup({ port: new FormControl('', { nonNullable: true }) }),
  });

const fallback = 'The thing could not be saved.';

describe('applyApiErrors', () => {
  it('puts a message naming a field beside it, as a sentence, and the banner points there', () => {
    const form = newForm();

    const banner = applyApiErrors(form, refusal(400, ['url: without a user or password in it']), {
      fallback,
    });

    expect(banner).toBe(REFUSED_SEE_FIELDS);
    expect(apiFieldError(form.controls.url)).toBe('Without a user or password in it.');
    expect(form.controls.url.invalid).toBe(true);
    expect(form.controls.url.touched).toBe(true);
    expect(apiFieldError(form.controls.name)).toBeNull();
  });

  it('says in the banner only what no field took; several messages of a field are all kept', () => {
    const form = newForm();

    const banner = applyApiErrors(
      form,
      refusal(400, ['name: too long', 'name: one line only!', 'the quota of things is reached']),
      { fallback },
    );

    expect(apiFieldError(form.controls.name)).toBe('Too long. One line only!');
    expect(banner).toBe('The quota of things is reached');
  });

  it('leaves for the banner what names no control, a disabled control or a group', () => {
    const form = newForm();

    const banner = applyApiErrors(
      form,
      refusal(400, ['colour: not known', 'kind: cannot change', 'target: must be an object']),
      { fallback },
    );

    expect(banner).toContain('Colour: not known');
    expect(banner).toContain('Kind: cannot change');
    expect(form.valid).toBe(true);
  });

  it('maps the API’s field names to the form’s controls when told, also messages naming none', () => {
    const form = newForm();

    const banner = applyApiErrors(
      form,
      refusal(409, ['target.portNumber: from 1 to 65535', 'A thing named "web" already exists']),
      {
        fallback,
        statuses: [400, 409],
        controlFor: (field, message, status) =>
          field === 'target.portNumber'
            ? 'target.port'
            : field === null && status === 409 && /named/.test(message)
              ? 'name'
              : field,
      },
    );

    expect(banner).toBe(REFUSED_SEE_FIELDS);
    expect(apiFieldError(form.get('target.port'))).toBe('From 1 to 65535.');
    expect(apiFieldError(form.controls.name)).toBe('A thing named "web" already exists.');
  });

  it('places nothing for a status not listed, or when the request never got an answer', () => {
    const form = newForm();

    // The banner says it in words (the API's field prefix dropped), the field stays as it was.
    expect(applyApiErrors(form, refusal(409, 'name: taken'), { fallback })).toBe('Taken');
    expect(
      applyApiErrors(form, new HttpErrorResponse({ status: 0, statusText: 'Unknown Error' }), {
        fallback,
      }),
    ).toBe('Cannot reach Hyperion — check your connection.');
    expect(applyApiErrors(form, new Error('boom'), { fallback })).toBe(fallback);
    expect(form.valid).toBe(true);
  });

  it('forgets what the API said of a field once its value changes', () => {
    const form = newForm();
    applyApiErrors(form, refusal(400, 'url: not reachable'), { fallback });

    form.controls.url.setValue('http://y');

    expect(apiFieldError(form.controls.url)).toBeNull();
    expect(form.valid).toBe(true);
  });
});

describe('fieldError', () => {
  it('says what the API said, else "Required." for an empty required field, else the hint', () => {
    const form = newForm();
    expect(fieldError(form.controls.name, 'A short name.')).toBe('A short name.');

    form.controls.name.setValue('');
    expect(fieldError(form.controls.name, 'A short name.')).toBe('Required.');

    applyApiErrors(form, refusal(400, 'name: must not be empty'), { fallback });
    expect(fieldError(form.controls.name, 'A short name.')).toBe('Must not be empty.');
  });
});
