import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type {
  AlertUrgency,
  CreateRoutingRuleRequest,
  NotificationChannelKind,
  RoutingRuleSummary,
  UpdateRoutingRuleRequest,
} from '@hyperion/contracts';
import { SERVICE_RULES } from '@hyperion/contracts';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { formProblems, showProblems } from '../config-shared/form-problems';
import {
  CHANNEL_KINDS,
  CHANNEL_KIND_LABELS,
  URGENCY_LABELS,
  listInWords,
} from '../config-shared/labels';
import { MatcherEditor } from '../config-shared/matcher-editor';
import { matcherArray, matchersOf } from '../config-shared/matchers';
import {
  ROUTING_FORM_FIELDS,
  RoutingFormValue,
  UnclearableField,
  createRoutingRequest,
  routingFormValue,
  updateRoutingRequest,
} from './routing-form';

export interface RoutingDialogData {
  readonly rule: RoutingRuleSummary | null;
  readonly services: readonly { id: string; name: string }[];
  readonly policies: readonly { id: string; name: string }[];
  readonly create: (request: CreateRoutingRuleRequest) => Observable<RoutingRuleSummary>;
  readonly update: (
    id: string,
    request: UpdateRoutingRuleRequest,
  ) => Observable<RoutingRuleSummary>;
}

const UNCLEARABLE_LABELS: Readonly<Record<UnclearableField, string>> = {
  serviceId: 'the service',
  escalationPolicyId: 'the escalation policy',
  urgency: 'the urgency',
  channelKinds: 'the channels',
};

/** A routing rule: which alerts (matchers) go where (service, policy, urgency, channels). */
@Component({
  selector: 'hyp-routing-dialog',
  imports: [
    Autofocus,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatcherEditor,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './routing-dialog.html',
  styleUrl: '../config-shared/dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoutingDialog {
  protected readonly data = inject<RoutingDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<RoutingDialog, RoutingRuleSummary | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly editing = this.data.rule !== null;
  protected readonly nameHint = SERVICE_RULES.nameHint;
  protected readonly kinds = CHANNEL_KINDS;
  protected readonly kindLabels = CHANNEL_KIND_LABELS;
  protected readonly urgencies = Object.entries(URGENCY_LABELS) as [AlertUrgency, string][];
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  private readonly initial = routingFormValue(this.data.rule);
  protected readonly form = this.fb.group({
    name: [
      this.initial.name,
      [
        Validators.required,
        Validators.maxLength(SERVICE_RULES.nameMaxLength),
        Validators.pattern(SERVICE_RULES.namePattern),
      ],
    ],
    enabled: [this.initial.enabled],
    matchers: matcherArray(this.initial.matchers),
    serviceId: [this.initial.serviceId],
    escalationPolicyId: [this.initial.escalationPolicyId],
    urgency: this.fb.control<AlertUrgency | ''>(this.initial.urgency),
    channelKinds: this.fb.control<NotificationChannelKind[]>(this.initial.channelKinds),
    suppress: [this.initial.suppress],
  });
  protected readonly suppressed = toSignal(this.form.controls.suppress.valueChanges, {
    initialValue: this.initial.suppress,
  });

  protected save(): void {
    if (this.form.invalid || this.busy.active()) return;
    const raw = this.form.getRawValue();
    const value: RoutingFormValue = { ...raw, matchers: matchersOf(this.form.controls.matchers) };
    this.error.set(null);
    const rule = this.data.rule;
    let request: Observable<RoutingRuleSummary>;
    if (rule) {
      const { request: change, unclearable } = updateRoutingRequest(rule, value);
      if (unclearable.length > 0) {
        this.error.set(
          `A saved rule cannot have ${listInWords(unclearable.map((f) => UNCLEARABLE_LABELS[f]))} emptied: choose one, or delete the rule and create it again.`,
        );
        return;
      }
      if (!change) {
        this.dialogRef.close(undefined);
        return;
      }
      request = this.data.update(rule.id, change);
    } else {
      request = this.data.create(createRoutingRequest(value));
    }
    this.busy.track(request).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) =>
        this.error.set(
          showProblems(
            formProblems(
              error,
              rule ? 'The rule could not be saved.' : 'The rule could not be created.',
              ROUTING_FORM_FIELDS,
              'name',
            ),
            this.form.controls,
          ),
        ),
    });
  }
}
