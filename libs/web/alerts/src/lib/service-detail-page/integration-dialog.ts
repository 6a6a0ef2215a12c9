import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type {
  CreateIntegrationRequest,
  IntegrationKind,
  IntegrationSummary,
} from '@hyperion/contracts';
import { INTEGRATION_KINDS, SERVICE_RULES } from '@hyperion/contracts';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { formProblems, showProblems } from '../config-shared/form-problems';
import { INTEGRATION_KIND_LABELS } from '../config-shared/labels';
import { wholeNumber, wholeNumberMessage } from '../config-shared/validators';

export interface IntegrationDialogData {
  readonly serviceName: string;
  readonly create: (request: CreateIntegrationRequest) => Observable<IntegrationSummary>;
}

const R = SERVICE_RULES;

/** A new integration of a service: its name, how alerts come in, its rate limit. */
@Component({
  selector: 'hyp-integration-dialog',
  imports: [
    Autofocus,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  template: `
    <h2 mat-dialog-title>New integration of {{ data.serviceName }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" data-testid="integration-form" novalidate>
      <mat-dialog-content>
        @if (error(); as error) {
          <p class="dialog-error" role="alert" data-testid="integration-form-error">{{ error }}</p>
        }
        <div class="dialog-form">
          <mat-form-field appearance="outline">
            <mat-label>Name</mat-label>
            <input
              matInput
              hypAutofocus
              formControlName="name"
              autocomplete="off"
              data-testid="integration-name"
            />
            <mat-hint>Where alerts come from, e.g. Prometheus production.</mat-hint>
            @if (form.controls.name.hasError('server')) {
              <mat-error data-testid="integration-name-error">{{
                form.controls.name.getError('server')
              }}</mat-error>
            } @else if (form.controls.name.invalid) {
              <mat-error data-testid="integration-name-error">{{ nameHint }}.</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Kind</mat-label>
            <mat-select formControlName="kind" data-testid="integration-kind">
              @for (kind of kinds; track kind) {
                <mat-option [value]="kind">{{ kindLabels[kind] }}</mat-option>
              }
            </mat-select>
            <mat-hint>
              @if (form.controls.kind.value === 'events') {
                Scripts and tools that send PagerDuty Events API v2 requests.
              } @else {
                Prometheus (alerting.alertmanagers) or an Alertmanager webhook receiver.
              }
            </mat-hint>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Rate limit (events per minute)</mat-label>
            <input
              matInput
              inputmode="numeric"
              formControlName="rateLimitPerMinute"
              data-testid="integration-rate"
            />
            <mat-hint>More than this in a minute are refused with 429.</mat-hint>
            @if (form.controls.rateLimitPerMinute.hasError('server')) {
              <mat-error data-testid="integration-rate-error">{{
                form.controls.rateLimitPerMinute.getError('server')
              }}</mat-error>
            } @else if (form.controls.rateLimitPerMinute.invalid) {
              <mat-error data-testid="integration-rate-error">{{ rateMessage }}</mat-error>
            }
          </mat-form-field>
        </div>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close [disabled]="busy.active()">Cancel</button>
        <button
          matButton="filled"
          type="submit"
          data-testid="integration-submit"
          [disabled]="busy.active()"
        >
          Create integration
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: '../config-shared/dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntegrationDialog {
  protected readonly data = inject<IntegrationDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<IntegrationDialog, IntegrationSummary | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly kinds = INTEGRATION_KINDS;
  protected readonly kindLabels = INTEGRATION_KIND_LABELS;
  protected readonly nameHint = R.nameHint;
  protected readonly rateMessage = wholeNumberMessage(1, R.rateLimitPerMinuteMax);
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  protected readonly form = this.fb.group({
    name: [
      '',
      [
        Validators.required,
        Validators.maxLength(R.nameMaxLength),
        Validators.pattern(R.namePattern),
      ],
    ],
    kind: this.fb.control<IntegrationKind>('alertmanager'),
    rateLimitPerMinute: [
      String(R.defaultRateLimitPerMinute),
      [Validators.required, wholeNumber(1, R.rateLimitPerMinuteMax)],
    ],
  });

  protected save(): void {
    if (this.form.invalid || this.busy.active()) return;
    const value = this.form.getRawValue();
    this.error.set(null);
    const request: CreateIntegrationRequest = {
      name: value.name.trim(),
      kind: value.kind,
      rateLimitPerMinute: Number(value.rateLimitPerMinute),
    };
    this.busy.track(this.data.create(request)).subscribe({
      next: (created) => this.dialogRef.close(created),
      error: (error: unknown) =>
        this.error.set(
          showProblems(
            formProblems(
              error,
              'The integration could not be created.',
              ['name', 'kind', 'rateLimitPerMinute'],
              'name',
            ),
            this.form.controls,
          ),
        ),
    });
  }
}
