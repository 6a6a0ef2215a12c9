import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  TemplateRef,
  computed,
  contentChild,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormGroupDirective } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';

/** Said above the form when a save is tried while fields are invalid. */
/**
 * What a form page provides for its fields: hints and errors take the room they need (several
 * lines on a narrow field) instead of being cut at one line.
 */
export const formPageFieldOptions = {
  provide: MAT_FORM_FIELD_DEFAULT_OPTIONS,
  useValue: { subscriptSizing: 'dynamic' },
};

export const FIX_FIELDS = 'Some fields need fixing: they are marked below.';

/**
 * The fields of a `<hyp-form-page>`: `<ng-template hypFormPageFields>…</ng-template>`. A
 * template rather than plain content, so the fields are created only once the form is shown
 * (their `hypAutofocus` then focuses a field the person sees).
 */
@Directive({ selector: 'ng-template[hypFormPageFields]' })
export class FormPageFields {
  readonly template = inject<TemplateRef<unknown>>(TemplateRef);
}

let nextId = 0;

/**
 * The frame of a page that adds or changes one thing: the header (back link, title), what keeps
 * the form away (no permission, loading, a failed load with "Retry"), the banner saying why the
 * last save failed, and the save / cancel / delete buttons, busy while a request runs.
 *
 * The page puts `[formGroup]` on this element (so its fields find the form) and listens to
 * `(save)`, sent only when the form is valid; an invalid try says so in the banner instead.
 * Test ids derive from `testId`: `<testId>` (the form), `-back`, `-forbidden`, `-load-error`,
 * `-error` (the banner), `-save`, `-cancel`, `-delete`.
 *
 * ```html
 * <hyp-form-page [formGroup]="form" testId="host-form" heading="Add a host" … (save)="save()">
 *   <ng-template hypFormPageFields>…mat-form-fields…</ng-template>
 * </hyp-form-page>
 * ```
 */
@Component({
  selector: 'hyp-form-page',
  imports: [MatButtonModule, MatProgressBarModule, NgTemplateOutlet, RouterLink],
  templateUrl: './form-page.html',
  styleUrl: './form-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormPage {
  private readonly formDirective = inject(FormGroupDirective, { self: true });

  /** Prefix of the `data-testid`s (see above). */
  readonly testId = input.required<string>();
  readonly heading = input.required<string>();
  /** Where "back" and "Cancel" go (a `routerLink`). */
  readonly backLink = input.required<string | readonly unknown[]>();
  /** The back link's words after the arrow, e.g. "Back to the hosts". */
  readonly backLabel = input.required<string>();
  /** Why the person cannot use this form (a missing permission); no form while set. */
  readonly forbidden = input<string | null>(null);
  readonly loading = input(false);
  /** The loading bar's accessible name, e.g. "Loading the host". */
  readonly loadingLabel = input('Loading');
  /** Why what the form edits could not be loaded; no form while set. */
  readonly loadError = input<string | null>(null);
  /** Said in bold before `loadError`, e.g. "The host could not be loaded.". */
  readonly loadErrorTitle = input('It could not be loaded.');
  /** What the form edits is at hand (always when adding; once loaded when editing). */
  readonly ready = input(true);
  /** Why the last save failed (the API's words), shown above the fields. */
  readonly error = input<string | null>(null);
  /** A request runs: the buttons wait for it. */
  readonly busy = input(false);
  readonly saveLabel = input.required<string>();
  readonly savingLabel = input('Saving…');
  readonly cancelLabel = input('Cancel');
  /** Offers the delete button (editing something that may be deleted). */
  readonly canDelete = input(false);
  readonly deleteLabel = input('Delete…');

  /** The form is valid and the person asked to save it. */
  readonly save = output<void>();
  /** The person asked to delete (the page asks "Delete …?" itself). */
  readonly delete = output<void>();
  /** The person asked to load again after a failed load. */
  readonly retry = output<void>();

  protected readonly fields = contentChild.required(FormPageFields);
  protected readonly headingId = `hyp-form-page-heading-${nextId++}`;
  protected readonly shown = computed(
    () => this.forbidden() === null && this.loadError() === null && this.ready(),
  );
  /** The last try to save found invalid fields (said until the next try). */
  private readonly triedInvalid = signal(false);
  protected readonly banner = computed(() => (this.triedInvalid() ? FIX_FIELDS : this.error()));

  constructor() {
    // The inner <form>'s submit event bubbles to this element, where the page's FormGroupDirective
    // marks the form submitted (fields then show their errors) and emits ngSubmit.
    this.formDirective.ngSubmit.pipe(takeUntilDestroyed()).subscribe(() => {
      // Enter in a field while a save runs sends nothing twice.
      if (this.busy()) return;
      const invalid = this.formDirective.form.invalid;
      this.triedInvalid.set(invalid);
      if (!invalid) this.save.emit();
    });
  }
}
