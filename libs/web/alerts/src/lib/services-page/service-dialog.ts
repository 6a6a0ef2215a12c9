import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type {
  CreateServiceRequest,
  ServiceSummary,
  ServiceUrgencyRule,
  UpdateServiceRequest,
} from '@hyperion/contracts';
import { SERVICE_RULES } from '@hyperion/contracts';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { formProblems, showProblems } from '../config-shared/form-problems';
import { URGENCY_RULE_LABELS } from '../config-shared/labels';
import { listMax, nameList, wholeNumber, wholeNumberMessage } from '../config-shared/validators';
import {
  SERVICE_FORM_FIELDS,
  ServiceFormValue,
  createServiceRequest,
  serviceFormValue,
  updateServiceRequest,
} from './service-form';

/** Something the dialog offers to pick (a team, a policy, another service). */
export interface Pickable {
  readonly id: string;
  readonly name: string;
}

export interface ServiceDialogData {
  /** The service to edit; null: a new one. */
  readonly service: ServiceSummary | null;
  readonly teams: readonly Pickable[];
  readonly policies: readonly (Pickable & { isDefault: boolean })[];
  /** Every service (the one edited is left out of its own dependencies). */
  readonly services: readonly Pickable[];
  readonly create: (request: CreateServiceRequest) => Observable<ServiceSummary>;
  readonly update: (id: string, request: UpdateServiceRequest) => Observable<ServiceSummary>;
}

const R = SERVICE_RULES;

/** A new service or an existing one: every setting of the PagerDuty-like model. */
@Component({
  selector: 'hyp-service-dialog',
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
  templateUrl: './service-dialog.html',
  styleUrl: '../config-shared/dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServiceDialog {
  protected readonly data = inject<ServiceDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<ServiceDialog, ServiceSummary | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly editing = this.data.service !== null;
  protected readonly rules = R;
  protected readonly nameHint = R.nameHint;
  protected readonly urgencyRules = Object.entries(URGENCY_RULE_LABELS) as [
    ServiceUrgencyRule,
    string,
  ][];
  protected readonly otherServices = this.data.services.filter(
    (service) => service.id !== this.data.service?.id,
  );
  protected readonly defaultPolicy = this.data.policies.find((policy) => policy.isDefault);
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);
  protected readonly numberMessage = wholeNumberMessage;

  private readonly initial = serviceFormValue(this.data.service);
  protected readonly form = this.fb.group({
    name: [
      this.initial.name,
      [
        Validators.required,
        Validators.maxLength(R.nameMaxLength),
        Validators.pattern(R.namePattern),
      ],
    ],
    description: [this.initial.description, Validators.maxLength(R.descriptionMax)],
    teamId: [this.initial.teamId],
    escalationPolicyId: [this.initial.escalationPolicyId],
    autoResolveMinutes: [this.initial.autoResolveMinutes, wholeNumber(1, R.autoResolveMinutesMax)],
    urgencyRule: this.fb.control<ServiceUrgencyRule>(this.initial.urgencyRule),
    groupBy: [this.initial.groupBy, nameList(R.groupByMax, R.labelNamePattern)],
    groupWaitSeconds: [
      this.initial.groupWaitSeconds,
      [Validators.required, wholeNumber(0, R.groupWaitSecondsMax)],
    ],
    groupIntervalSeconds: [
      this.initial.groupIntervalSeconds,
      [Validators.required, wholeNumber(1, R.groupIntervalSecondsMax)],
    ],
    dependsOn: this.fb.control<string[]>(this.initial.dependsOn, listMax(R.dependsOnMax)),
  });

  protected save(): void {
    if (this.form.invalid || this.busy.active()) return;
    const value: ServiceFormValue = this.form.getRawValue();
    this.error.set(null);
    const service = this.data.service;
    let request: Observable<ServiceSummary>;
    if (service) {
      const change = updateServiceRequest(service, value);
      if (!change) {
        this.dialogRef.close(undefined);
        return;
      }
      request = this.data.update(service.id, change);
    } else {
      request = this.data.create(createServiceRequest(value));
    }
    this.busy.track(request).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) => {
        const problems = formProblems(
          error,
          service ? 'The service could not be saved.' : 'The service could not be created.',
          SERVICE_FORM_FIELDS,
          'name',
        );
        this.error.set(showProblems(problems, this.form.controls));
      },
    });
  }
}
