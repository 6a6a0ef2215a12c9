import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';

import { Autofocus } from '../forms/autofocus';
import { errorsAfterSubmit } from '../forms/error-after-submit';
import { applyApiErrors, fieldError } from './api-errors';
import { FormPage, FormPageFields } from './form-page';

/** A page as the console writes one: its fields in the frame, the API's refusal applied. */
@Component({
  imports: [
    Autofocus,
    FormPage,
    FormPageFields,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  template: `
    <hyp-form-page
      [formGroup]="form"
      testId="thing-form"
      heading="Add a thing"
      [backLink]="['/things']"
      backLabel="Back to the things"
      [forbidden]="forbidden()"
      [loading]="loading()"
      loadingLabel="Loading the thing"
      [loadError]="loadError()"
      loadErrorTitle="The thing could not be loaded."
      [ready]="ready()"
      [error]="problem()"
      [busy]="busy()"
      saveLabel="Add thing"
      [canDelete]="canDelete()"
      (save)="saves.set(saves() + 1)"
      (delete)="deletes.set(deletes() + 1)"
      (retry)="retries.set(retries() + 1)"
    >
      <ng-template hypFormPageFields>
        <mat-form-field>
          <mat-label>Name</mat-label>
          <input matInput hypAutofocus formControlName="name" data-testid="thing-form-name" />
          <mat-error data-testid="thing-form-name-error">{{
            fieldError(form.controls.name, 'A short name.')
          }}</mat-error>
        </mat-form-field>
      </ng-template>
    </hyp-form-page>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class ThingPage {
  readonly form = inject(NonNullableFormBuilder).group({ name: ['', Validators.required] });
  readonly forbidden = signal<string | null>(null);
  readonly loading = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly ready = signal(true);
  readonly problem = signal<string | null>(null);
  readonly busy = signal(false);
  readonly canDelete = signal(false);
  readonly saves = signal(0);
  readonly deletes = signal(0);
  readonly retries = signal(0);
  protected readonly fieldError = fieldError;

  refuse(message: string | string[]): void {
    const error = new HttpErrorResponse({
      error: { statusCode: 400, error: 'Bad Request', message },
      status: 400,
      statusText: 'Bad Request',
    });
    this.problem.set(
      applyApiErrors(this.form, error, { fallback: 'The thing could not be saved.' }),
    );
  }
}

describe('FormPage', () => {
  async function open() {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideNoopAnimations()] });
    const fixture = TestBed.createComponent(ThingPage);
    document.body.appendChild(fixture.nativeElement);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const find = <E extends HTMLElement = HTMLElement>(testId: string) =>
      element.querySelector<E>(`[data-testid="${testId}"]`);
    const text = (testId: string) => find(testId)?.textContent?.replace(/\s+/g, ' ').trim();
    const settle = () => fixture.whenStable();
    const type = async (value: string) => {
      const input = find<HTMLInputElement>('thing-form-name');
      if (!input) throw new Error('No name field');
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await settle();
    };
    const click = async (testId: string) => {
      find(testId)?.click();
      await settle();
    };
    return { fixture, page: fixture.componentInstance, element, find, text, settle, type, click };
  }

  afterEach(() => document.body.replaceChildren());

  it('shows the title, a back link and the fields, with the keyboard on the first field', async () => {
    const { element, find, text } = await open();

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Add a thing');
    expect(text('thing-form-back')).toBe('← Back to the things');
    expect(find('thing-form-back')?.getAttribute('href')).toBe('/things');
    expect(find('thing-form-cancel')?.getAttribute('href')).toBe('/things');
    const form = find('thing-form');
    expect(form?.getAttribute('aria-labelledby')).toBe(element.querySelector('h1')?.id);
    expect(document.activeElement).toBe(find('thing-form-name'));
    expect(text('thing-form-save')).toBe('Add thing');
  });

  it('says which fields need fixing instead of saving an invalid form, and saves a valid one', async () => {
    const { page, text, find, type, click } = await open();

    await click('thing-form-save');
    expect(text('thing-form-error')).toBe('Some fields need fixing: they are marked below.');
    expect(find('thing-form-error')?.getAttribute('role')).toBe('alert');
    expect(text('thing-form-name-error')).toBe('Required.');
    expect(page.saves()).toBe(0);

    await type('Printer');
    await click('thing-form-save');
    expect(page.saves()).toBe(1);
    expect(find('thing-form-error')).toBeNull();
  });

  it('shows the API’s message in the banner, and a message naming a field beside that field', async () => {
    const { fixture, page, text, type, click } = await open();
    await type('Printer');
    await click('thing-form-save');

    page.refuse(['name: already taken by another thing', 'the quota of things is reached']);
    await fixture.whenStable();
    expect(text('thing-form-name-error')).toBe('Already taken by another thing.');
    expect(text('thing-form-error')).toBe('The quota of things is reached');

    // Changing the field takes the API's words away from it.
    await type('Scanner');
    expect(text('thing-form-name-error')).toBeUndefined();
  });

  it('keeps the buttons from acting twice while a request runs', async () => {
    const { fixture, page, find, text, type, click } = await open();
    page.canDelete.set(true);
    await type('Printer');
    page.busy.set(true);
    await fixture.whenStable();

    expect(text('thing-form-save')).toBe('Saving…');
    expect(find<HTMLButtonElement>('thing-form-save')?.disabled).toBe(true);
    expect(find<HTMLButtonElement>('thing-form-delete')?.disabled).toBe(true);
    // Enter in a field submits the form: nothing is sent twice.
    find('thing-form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await click('thing-form-delete');
    expect(page.saves()).toBe(0);
    expect(page.deletes()).toBe(0);

    page.busy.set(false);
    await fixture.whenStable();
    expect(text('thing-form-save')).toBe('Add thing');
    await click('thing-form-delete');
    expect(page.deletes()).toBe(1);
  });

  it('offers delete only when the page allows it', async () => {
    const { fixture, page, find } = await open();
    expect(find('thing-form-delete')).toBeNull();

    page.canDelete.set(true);
    await fixture.whenStable();
    expect(find('thing-form-delete')?.textContent?.trim()).toBe('Delete…');
  });

  it('shows no form without the permission, while loading, or when the load failed (with Retry)', async () => {
    const { fixture, page, element, find, text } = await open();

    page.forbidden.set('You can’t change things.');
    await fixture.whenStable();
    expect(text('thing-form-forbidden')).toBe('You can’t change things.');
    expect(find('thing-form')).toBeNull();

    page.forbidden.set(null);
    page.ready.set(false);
    page.loading.set(true);
    await fixture.whenStable();
    expect(element.querySelector('mat-progress-bar')?.getAttribute('aria-label')).toBe(
      'Loading the thing',
    );
    expect(find('thing-form')).toBeNull();

    page.loading.set(false);
    page.loadError.set('Cannot reach Hyperion.');
    await fixture.whenStable();
    expect(text('thing-form-load-error')).toContain(
      'The thing could not be loaded. Cannot reach Hyperion.',
    );
    expect(find('thing-form-load-error')?.getAttribute('role')).toBe('alert');
    find('thing-form-load-error')?.querySelector('button')?.click();
    expect(page.retries()).toBe(1);

    page.loadError.set(null);
    page.ready.set(true);
    await fixture.whenStable();
    expect(find('thing-form')).not.toBeNull();
    expect(document.activeElement).toBe(find('thing-form-name'));
  });
});
