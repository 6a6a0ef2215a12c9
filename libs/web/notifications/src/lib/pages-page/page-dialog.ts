import { hasModifierKey } from '@angular/cdk/keycodes';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { ActivatedRoute } from '@angular/router';
import type { NotificationSeverity, PageUrgency } from '@hyperion/contracts';
import { PAGE_RULES } from '@hyperion/contracts';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable, filter, merge } from 'rxjs';

import type { PageCreated } from '../on-call-api';
import { PickablePerson } from '../on-call/member-picker';
import { onCallErrorMessage } from '../on-call/on-call-errors';
import { DEDUP_KEY_PATTERN, createPageRequest, emptyPageForm, targetValue } from './page-form';
import { PageStateChip, PageSteps } from './page-parts';
import { PAGE_STATES, SEVERITIES, URGENCIES } from './page-status';

export interface PageDialogData {
  /** The contacts who can be paged. */
  readonly people: readonly PickablePerson[];
  /** The schedules whose on-call person can be paged. */
  readonly schedules: readonly PickablePerson[];
  /** `POST /pages`. */
  readonly create: (request: ReturnType<typeof createPageRequest>) => Observable<PageCreated>;
  /** The zone times are shown in. */
  readonly timeZone: string;
  /** The Pages page's route: the steps' delivery links are relative to it. */
  readonly route: ActivatedRoute;
}

/** Not blank once trimmed. */
const NOT_BLANK = /\S/;

/**
 * "Page someone": a contact, or whoever is on call on a schedule now; the urgency (which of
 * their rules apply), the severity, a title and optionally a summary, the service and a dedup
 * key. Then shows what happened: the new page with its steps (201), or — the dedup key already
 * used — the existing page, and that nobody was paged again (200). Closes with the page.
 */
@Component({
  selector: 'hyp-page-dialog',
  imports: [
    Autofocus,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    PageStateChip,
    PageSteps,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  template: `
    @if (result(); as result) {
      <h2 mat-dialog-title>
        {{ result.created ? 'Paged ' + result.page.contactName : 'Not paged again' }}
      </h2>
      <mat-dialog-content data-testid="page-result">
        @if (result.created) {
          <p role="status" data-testid="page-result-text">
            {{ result.page.contactName }} is being notified, step by step, until someone
            acknowledges.
          </p>
        } @else {
          <p role="status" data-testid="page-result-text">
            A page with the dedup key “{{ result.page.dedupKey }}” already exists: nobody was paged
            again. Here it is.
          </p>
        }
        <p class="result-head">
          <strong>{{ result.page.title }}</strong>
          <hyp-page-state [state]="result.page.state" data-testid="page-result-state" />
        </p>
        <p class="note">{{ stateDetail(result.page.state) }}</p>
        <hyp-page-steps
          [page]="result.page"
          [timeZone]="data.timeZone"
          [now]="now()"
          [route]="data.route"
        />
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button
          matButton="filled"
          type="button"
          hypAutofocus
          data-testid="page-result-close"
          (click)="close()"
        >
          Close
        </button>
      </mat-dialog-actions>
    } @else {
      <h2 mat-dialog-title>Page someone</h2>
      <form [formGroup]="form" (ngSubmit)="save()" data-testid="page-form" novalidate>
        <mat-dialog-content>
          @if (error(); as error) {
            <p class="dialog-error" role="alert" data-testid="page-form-error">{{ error }}</p>
          }
          <p class="note">
            The person is notified as their own notification rules say, step by step, until someone
            acknowledges.
          </p>
          <div class="dialog-form">
            <mat-form-field appearance="outline">
              <mat-label>Who to page</mat-label>
              <mat-select formControlName="target" data-testid="page-target">
                @if (data.people.length > 0) {
                  <mat-optgroup label="Contacts">
                    @for (person of data.people; track person.id) {
                      <mat-option [value]="contactValue(person.id)">{{ person.name }}</mat-option>
                    }
                  </mat-optgroup>
                }
                @if (data.schedules.length > 0) {
                  <mat-optgroup label="Whoever is on call on">
                    @for (schedule of data.schedules; track schedule.id) {
                      <mat-option [value]="scheduleValue(schedule.id)">{{
                        schedule.name
                      }}</mat-option>
                    }
                  </mat-optgroup>
                }
              </mat-select>
              @if (data.people.length === 0 && data.schedules.length === 0) {
                <mat-hint data-testid="page-target-none"
                  >No contacts or schedules yet: add them on their pages first.</mat-hint
                >
              }
              @if (form.controls.target.invalid) {
                <mat-error>Choose a person, or a schedule's on-call person.</mat-error>
              }
            </mat-form-field>
            <div class="row">
              <mat-form-field appearance="outline" subscriptSizing="dynamic">
                <mat-label>Urgency</mat-label>
                <mat-select formControlName="urgency" data-testid="page-urgency">
                  @for (option of urgencies; track option.value) {
                    <mat-option [value]="option.value">{{ option.label }}</mat-option>
                  }
                </mat-select>
                <mat-hint>{{ urgencyHint(form.controls.urgency.value) }}</mat-hint>
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>Severity</mat-label>
                <mat-select formControlName="severity" data-testid="page-severity">
                  @for (option of severities; track option.value) {
                    <mat-option [value]="option.value">{{ option.label }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
            </div>
            <mat-form-field appearance="outline">
              <mat-label>Title</mat-label>
              <input
                matInput
                formControlName="title"
                autocomplete="off"
                placeholder="Database primary down"
                data-testid="page-title"
              />
              @if (form.controls.title.invalid) {
                <mat-error>What the page is about: 1 to {{ rules.titleMax }} characters.</mat-error>
              }
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>Summary (optional)</mat-label>
              <textarea
                matInput
                rows="3"
                formControlName="summary"
                data-testid="page-summary"
              ></textarea>
              @if (form.controls.summary.invalid) {
                <mat-error>At most {{ rules.summaryMax }} characters.</mat-error>
              }
            </mat-form-field>
            <div class="row">
              <mat-form-field appearance="outline">
                <mat-label>Service (optional)</mat-label>
                <input
                  matInput
                  formControlName="service"
                  autocomplete="off"
                  placeholder="Hyperion"
                  data-testid="page-service"
                />
                @if (form.controls.service.invalid) {
                  <mat-error>At most {{ rules.serviceMax }} characters.</mat-error>
                }
              </mat-form-field>
              <mat-form-field appearance="outline" subscriptSizing="dynamic">
                <mat-label>Dedup key (optional)</mat-label>
                <input
                  matInput
                  formControlName="dedupKey"
                  autocomplete="off"
                  class="mono"
                  data-testid="page-dedup-key"
                />
                <mat-hint>Paging again with the same key pages nobody twice.</mat-hint>
                @if (form.controls.dedupKey.invalid) {
                  <mat-error
                    >Up to {{ rules.dedupKeyMax }} letters, digits or symbols, no spaces.</mat-error
                  >
                }
              </mat-form-field>
            </div>
          </div>
        </mat-dialog-content>
        <mat-dialog-actions align="end">
          <button matButton type="button" mat-dialog-close [disabled]="busy.active()">
            Cancel
          </button>
          <button
            matButton="filled"
            type="submit"
            data-testid="page-submit"
            [disabled]="busy.active()"
          >
            Page now
          </button>
        </mat-dialog-actions>
      </form>
    }
  `,
  styleUrl: '../dialog.scss',
  styles: `
    // Hints of one or two lines under fields side by side: each field keeps its own height.
    .row {
      align-items: start;
    }
    .result-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      margin: 8px 0 4px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PageDialog {
  protected readonly data = inject<PageDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<PageDialog, PageCreated | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly rules = PAGE_RULES;
  protected readonly urgencies = URGENCIES;
  protected readonly severities = SEVERITIES;
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);
  protected readonly result = signal<PageCreated | null>(null);
  protected readonly now = signal(Date.now());

  private readonly initial = emptyPageForm();
  protected readonly form = this.fb.group({
    target: [this.initial.target, Validators.required],
    urgency: this.fb.control<PageUrgency>(this.initial.urgency, Validators.required),
    severity: this.fb.control<NotificationSeverity>(this.initial.severity, Validators.required),
    title: [
      this.initial.title,
      [
        Validators.required,
        Validators.pattern(NOT_BLANK),
        Validators.maxLength(PAGE_RULES.titleMax),
      ],
    ],
    summary: [this.initial.summary, Validators.maxLength(PAGE_RULES.summaryMax)],
    service: [this.initial.service, Validators.maxLength(PAGE_RULES.serviceMax)],
    dedupKey: [
      this.initial.dedupKey,
      [Validators.maxLength(PAGE_RULES.dedupKeyMax), Validators.pattern(DEDUP_KEY_PATTERN)],
    ],
  });

  constructor() {
    // Once paged, closing in any way (Escape, a click outside) hands the page to the list.
    merge(
      this.dialogRef
        .keydownEvents()
        .pipe(filter((event) => event.key === 'Escape' && !hasModifierKey(event))),
      this.dialogRef.backdropClick(),
    )
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (this.result()) this.close();
      });
  }

  protected contactValue(id: string): string {
    return targetValue({ kind: 'contact', id });
  }

  protected scheduleValue(id: string): string {
    return targetValue({ kind: 'schedule', id });
  }

  protected urgencyHint(urgency: PageUrgency): string {
    return URGENCIES.find((u) => u.value === urgency)?.hint ?? '';
  }

  protected stateDetail(state: keyof typeof PAGE_STATES): string {
    return PAGE_STATES[state].detail;
  }

  protected save(): void {
    if (this.form.invalid || this.busy.active()) {
      return;
    }
    this.error.set(null);
    this.busy.track(this.data.create(createPageRequest(this.form.getRawValue()))).subscribe({
      next: (result) => {
        this.now.set(Date.now());
        this.result.set(result);
        this.dialogRef.disableClose = true;
      },
      error: (error: unknown) =>
        this.error.set(onCallErrorMessage(error, 'Nobody was paged: the page was refused.')),
    });
  }

  protected close(): void {
    this.dialogRef.close(this.result() ?? undefined);
  }
}
