import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type {
  ContactSummary,
  CreateContactRequest,
  UpdateContactRequest,
} from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable, map, startWith } from 'rxjs';

import { kindInfo } from '../channel-kinds';
import { emailAddress } from '../channels/channel-validators';
import { onCallErrorMessage } from '../on-call/on-call-errors';
import {
  ON_CALL_NAME_HINT,
  ON_CALL_NAME_PATTERN,
  suggestZones,
  timeZone,
} from '../on-call/on-call-validators';
import { browserTimeZone } from '../time/zone-math';
import {
  ContactFormValue,
  EMAIL_MAX_LENGTH,
  HANDLE_HINTS,
  HANDLE_KINDS,
  HANDLE_MAX_LENGTH,
  contactFormFrom,
  createContactRequest,
  emptyContactForm,
  phoneProblem,
  updateContactRequest,
} from './contact-form';

/** A user the contact can be linked to. */
export interface LinkableUser {
  readonly id: string;
  readonly label: string;
}

export interface ContactDialogData {
  /** The contact to edit; null: a new one. */
  readonly contact: ContactSummary | null;
  /** The users it can be linked to (the signed-in user at least). */
  readonly users: readonly LinkableUser[];
  readonly create: (request: CreateContactRequest) => Observable<ContactSummary>;
  readonly update: (id: string, request: UpdateContactRequest) => Observable<ContactSummary>;
}

const phone = (control: AbstractControl) =>
  phoneProblem(String(control.value ?? '')) ? { phone: true } : null;

/**
 * A new contact or an existing one: name, email address, phone number (E.164, separators
 * allowed), time zone, chat handles and the user it is (their own notification rules). Closes
 * with the saved contact.
 */
@Component({
  selector: 'hyp-contact-dialog',
  imports: [
    Autofocus,
    MatAutocompleteModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './contact-dialog.html',
  styleUrls: ['../dialog.scss', './contact-dialog.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ContactDialog {
  protected readonly data = inject<ContactDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<ContactDialog, ContactSummary | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly editing = this.data.contact !== null;
  protected readonly nameHint = ON_CALL_NAME_HINT;
  protected readonly handleKinds = HANDLE_KINDS;
  protected readonly handleHints = HANDLE_HINTS;
  protected readonly kindLabel = (kind: (typeof HANDLE_KINDS)[number]) => kindInfo(kind).label;
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  private readonly initial: ContactFormValue = this.data.contact
    ? contactFormFrom(this.data.contact)
    : emptyContactForm(browserTimeZone());

  protected readonly form = this.fb.group({
    name: [
      this.initial.name,
      [
        Validators.required,
        Validators.maxLength(ON_CALL_RULES.nameMaxLength),
        Validators.pattern(ON_CALL_NAME_PATTERN),
      ],
    ],
    email: [this.initial.email, [emailAddress, Validators.maxLength(EMAIL_MAX_LENGTH)]],
    phone: [this.initial.phone, phone],
    timeZone: [this.initial.timeZone, [Validators.required, timeZone]],
    userId: [this.initial.userId],
    handles: this.fb.group({
      slack: [this.initial.handles.slack, Validators.maxLength(HANDLE_MAX_LENGTH)],
      mattermost: [this.initial.handles.mattermost, Validators.maxLength(HANDLE_MAX_LENGTH)],
      discord: [this.initial.handles.discord, Validators.maxLength(HANDLE_MAX_LENGTH)],
      teams: [this.initial.handles.teams, Validators.maxLength(HANDLE_MAX_LENGTH)],
      telegram: [this.initial.handles.telegram, Validators.maxLength(HANDLE_MAX_LENGTH)],
    }),
  });

  protected readonly zones = toSignal(
    this.form.controls.timeZone.valueChanges.pipe(
      startWith(''),
      map((typed) => suggestZones(typed === this.initial.timeZone ? '' : typed)),
    ),
    { requireSync: true },
  );

  /** The linked user may be one this viewer cannot list (another admin linked it). */
  protected readonly users: readonly LinkableUser[] =
    this.initial.userId && !this.data.users.some((u) => u.id === this.initial.userId)
      ? [...this.data.users, { id: this.initial.userId, label: 'A user you cannot see' }]
      : this.data.users;

  protected save(): void {
    if (this.form.invalid || this.busy.active()) {
      return;
    }
    const value: ContactFormValue = this.form.getRawValue();
    this.error.set(null);
    const contact = this.data.contact;
    let request: Observable<ContactSummary>;
    if (contact) {
      const change = updateContactRequest(contact, value);
      if (!change) {
        this.dialogRef.close(undefined);
        return;
      }
      request = this.data.update(contact.id, change);
    } else {
      request = this.data.create(createContactRequest(value));
    }
    this.busy.track(request).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) =>
        this.error.set(
          onCallErrorMessage(
            error,
            contact ? 'The contact could not be saved.' : 'The contact could not be created.',
          ),
        ),
    });
  }
}
