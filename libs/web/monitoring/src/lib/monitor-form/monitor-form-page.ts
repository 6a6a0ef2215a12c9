import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  FormControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import type {
  CreateMonitorRequest,
  MonitorClearable,
  MonitorKind,
  MonitorSummary,
  ServiceSummary,
  UpdateMonitorRequest,
} from '@hyperion/contracts';
import {
  hasResponseTime,
  MONITOR_KINDS,
  MONITOR_PERMISSIONS,
  MONITOR_RULES,
  SERVICE_PERMISSIONS,
} from '@hyperion/contracts';
import { ServiceApi } from '@hyperion/web/alerts';
import { AuthService } from '@hyperion/web/auth-data';
import {
  apiFieldError,
  applyApiErrors,
  Autofocus,
  ConfirmDialog,
  ConfirmDialogData,
  errorsAfterSubmit,
  fieldError,
  FormPage,
  formPageFieldOptions,
  FormPageFields,
} from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { Observable, of } from 'rxjs';

import { MonitorApi } from '../monitor-api';
import { KIND_LABELS } from '../monitor-format';
import {
  buildTarget,
  isSecret,
  savedControl,
  TARGET_FIELDS,
  TargetControl,
  TargetField,
  TargetValues,
  targetValues,
} from './monitor-fields';

const wholeNumber = (min: number, max: number): ValidatorFn[] => [
  Validators.required,
  Validators.min(min),
  Validators.max(max),
  Validators.pattern(/^\d+$/),
];

/** Comma-separated tags, each as the contracts allow, at most MONITOR_RULES.tagsMax. */
const tagsValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const tags = splitTags(control.value as string);
  const bad =
    tags.length > MONITOR_RULES.tagsMax || tags.some((t) => !MONITOR_RULES.tagPattern.test(t));
  return bad ? { tags: true } : null;
};

/**
 * "Alert when slower than": empty (off), or whole milliseconds from the minimum to the timeout
 * (a slower check times out and fails: it is never merely slow), as the API checks it.
 */
const thresholdValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const text = String(control.value ?? '').trim();
  if (text === '') return null;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < MONITOR_RULES.responseTimeThresholdMin) {
    return { threshold: true };
  }
  const timeout = Number(control.parent?.get('timeoutSeconds')?.value);
  return Number.isInteger(timeout) && value > timeout * 1000 ? { aboveTimeout: timeout } : null;
};

const splitTags = (text: string) =>
  text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

/** A hint of a whole-number field, from the contracts' bounds. */
const range = (min: number, max: number) => `A whole number from ${min} to ${max}.`;

/**
 * Creating a monitor (`/monitors/new`) or changing one (`/monitors/:id/edit`): its kind's target
 * fields, checked as the API checks them (the contracts' rules), interval, timeout, retries,
 * "alert when slower than" (kinds with a response time; empty: off), group, tags and service.
 * A refusal of the API shows beside the field it names. A stored secret
 * (a PostgreSQL connection string, a Redis URL) is shown masked and stays unless retyped.
 * Deleting asks first.
 */
@Component({
  selector: 'hyp-monitor-form-page',
  imports: [
    Autofocus,
    FormPage,
    FormPageFields,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit, formPageFieldOptions],
  templateUrl: './monitor-form-page.html',
  styleUrl: './monitor-form-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MonitorFormPage {
  private readonly api = inject(MonitorApi);
  private readonly services = inject(ServiceApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);

  /** The route's `:id` when editing; none when creating. */
  readonly id = input<string>();

  protected readonly kinds = MONITOR_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly rules = MONITOR_RULES;
  protected readonly hints = {
    name: `${MONITOR_RULES.nameHint.charAt(0).toUpperCase()}${MONITOR_RULES.nameHint.slice(1)}.`,
    interval: range(MONITOR_RULES.intervalMin, MONITOR_RULES.intervalMax),
    timeout: `${range(MONITOR_RULES.timeoutMin, MONITOR_RULES.timeoutMax)} Shorter than the interval.`,
    retries: `Failed checks in a row before it is DOWN: ${range(0, MONITOR_RULES.retriesMax)}`,
    group: `Up to ${MONITOR_RULES.groupMaxLength} characters on one line.`,
    threshold: `Milliseconds, up to the timeout. Slower checks in a row (as many as for DOWN) raise one alert (severity medium). Empty: off.`,
    tags: `Comma-separated, at most ${MONITOR_RULES.tagsMax}: letters, digits, "_", ".", ":" or "-" (${MONITOR_RULES.tagMaxLength} characters each).`,
  };

  protected readonly forbidden = computed(() =>
    this.auth.hasPermission(MONITOR_PERMISSIONS.write)
      ? null
      : "You can't change monitors: that needs the monitoring:control permission.",
  );
  private readonly canReadServices = this.auth.hasPermission(SERVICE_PERMISSIONS.read);
  protected readonly editing = computed(() => this.id() !== undefined);
  /** Back to the monitor (`/monitors/:id`) when editing, to the list when creating. */
  protected readonly backLink = computed(() => {
    const id = this.id();
    return id ? ['..', id] : ['..'];
  });
  protected readonly heading = computed(() =>
    this.editing() ? `Edit “${this.monitor.value()?.name ?? '…'}”` : 'New monitor',
  );

  protected readonly form = this.fb.group({
    name: [
      '',
      [
        Validators.required,
        Validators.maxLength(MONITOR_RULES.nameMaxLength),
        Validators.pattern(MONITOR_RULES.namePattern),
      ],
    ],
    kind: this.fb.control<MonitorKind>('http'),
    target: this.fb.group(
      Object.fromEntries(
        [
          ...new Set(
            Object.values(TARGET_FIELDS)
              .flat()
              .map((f) => f.control),
          ),
        ].map((control) => [
          control,
          control === 'ignoreTls'
            ? this.fb.control<string | boolean>(false)
            : this.fb.control<string | boolean>(''),
        ]),
      ) as Record<TargetControl, FormControl<string | boolean>>,
    ),
    intervalSeconds: [
      String(MONITOR_RULES.intervalDefault),
      wholeNumber(MONITOR_RULES.intervalMin, MONITOR_RULES.intervalMax),
    ],
    timeoutSeconds: [
      String(MONITOR_RULES.timeoutDefault),
      wholeNumber(MONITOR_RULES.timeoutMin, MONITOR_RULES.timeoutMax),
    ],
    retries: [String(MONITOR_RULES.retriesDefault), wholeNumber(0, MONITOR_RULES.retriesMax)],
    responseTimeThresholdMs: [
      String(MONITOR_RULES.responseTimeThresholdDefault),
      [thresholdValidator],
    ],
    enabled: [true],
    groupName: [
      '',
      [
        Validators.maxLength(MONITOR_RULES.groupMaxLength),
        Validators.pattern(MONITOR_RULES.namePattern),
      ],
    ],
    tags: ['', [tagsValidator]],
    serviceId: [''],
  });

  private readonly kind = toSignal(this.form.controls.kind.valueChanges, {
    initialValue: this.form.controls.kind.value,
  });
  /** The fields of the chosen kind's target. */
  protected readonly fields = computed(() => TARGET_FIELDS[this.kind()]);
  /** Push, disk and log monitors measure no response time: no threshold to set. */
  protected readonly timed = computed(() => hasResponseTime(this.kind()));

  protected readonly monitor = loadResource<MonitorSummary | null>({
    load: () => {
      const id = untracked(this.id);
      return id ? this.api.get(id) : of(null);
    },
    initial: null,
    errorMessage: 'The monitor could not be loaded.',
  });
  protected readonly serviceList = loadResource<ServiceSummary[]>({
    load: () => (this.canReadServices ? this.services.list() : of([])),
    initial: [],
    errorMessage: 'The services could not be loaded: the service stays as it is.',
  });

  protected readonly busy = busyFlag();
  protected readonly problem = signal<string | null>(null);

  constructor() {
    // Only the chosen kind's fields are validated (and sent).
    effect(() => {
      const used = new Set(this.fields().map((f) => f.control));
      const target = this.form.controls.target;
      for (const [control, field] of Object.entries(target.controls)) {
        if (used.has(control as TargetControl)) field.enable({ emitEvent: false });
        else field.disable({ emitEvent: false });
      }
      untracked(() => this.applyTargetValidators());
    });
    // Only kinds with a response time have a threshold (validated and sent).
    effect(() => {
      const threshold = this.form.controls.responseTimeThresholdMs;
      if (this.timed()) threshold.enable({ emitEvent: false });
      else threshold.disable({ emitEvent: false });
    });
    // The threshold is held to the timeout: a new timeout checks it again.
    this.form.controls.timeoutSeconds.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe(() =>
        this.form.controls.responseTimeThresholdMs.updateValueAndValidity({ emitEvent: false }),
      );
    // Editing: the form starts from the monitor as stored.
    effect(() => {
      const monitor = this.monitor.value();
      if (!monitor) return;
      untracked(() => this.fill(monitor));
    });
  }

  /** A field's message: what the server said of it, else what its rules say it lacks. */
  protected errorOf(path: string, hint: string): string {
    return fieldError(this.form.get(path), hint);
  }

  protected thresholdError(): string {
    const server = apiFieldError(this.form.controls.responseTimeThresholdMs);
    if (server) return server;
    const timeout: unknown = this.form.controls.responseTimeThresholdMs.getError('aboveTimeout');
    if (typeof timeout === 'number') {
      return `At most the timeout (${timeout * 1000} ms): a slower check times out and fails.`;
    }
    return this.hints.threshold;
  }

  protected targetError(field: TargetField): string {
    const control = this.form.controls.target.controls[field.control];
    const server = apiFieldError(control);
    if (server) return server;
    if (control.hasError('required')) return 'Required.';
    if (field.type === 'number' && field.min !== undefined && field.max !== undefined) {
      return range(field.min, field.max);
    }
    if (control.hasError('maxlength')) return `At most ${field.maxLength} characters.`;
    return field.problem
      ? `${field.problem.charAt(0).toUpperCase()}${field.problem.slice(1)}.`
      : field.hint;
  }

  /** What a stored secret looks like (masked by the API), for the field's hint. */
  protected storedSecret(field: TargetField): string | null {
    const monitor = this.monitor.value();
    if (!monitor || !isSecret(field)) return null;
    const stored = (monitor.target as Record<string, unknown>)[field.field];
    return typeof stored === 'string' ? stored : null;
  }

  /** Sent by the frame once the form is valid. */
  protected save(): void {
    this.problem.set(null);
    const monitor = this.monitor.value();
    // Editing: nothing is sent before the monitor is loaded (it would be created anew).
    if (this.editing() && !monitor) return;
    const kind = this.form.controls.kind.getRawValue();
    const request = monitor ? this.updateRequest(monitor) : this.createRequest();
    const sent: Observable<MonitorSummary> = monitor
      ? this.api.update(monitor.id, request as UpdateMonitorRequest)
      : this.api.create(request as CreateMonitorRequest);
    this.busy
      .track(sent)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => void this.router.navigate(['..', saved.id], { relativeTo: this.route }),
        error: (error: unknown) =>
          this.problem.set(
            applyApiErrors(this.form, error, {
              fallback: 'The monitor could not be saved.',
              statuses: [400, 409],
              controlFor: (field, message, status) => savedControl(kind, field, message, status),
            }),
          ),
      });
  }

  /** "Delete …?" first; gone, back to the list. */
  protected remove(): void {
    const monitor = this.monitor.value();
    if (!monitor) return;
    const data: ConfirmDialogData = {
      title: `Delete “${monitor.name}”?`,
      paragraphs: [
        'Its checks stop and its results and uptime history are deleted. This cannot be undone.',
        'An alert it raised stays in the alerts list.',
      ],
      confirmLabel: 'Delete monitor',
      danger: true,
      action: () => this.api.delete(monitor.id),
      errorFallback: 'The monitor could not be deleted.',
      testId: 'monitor-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, autoFocus: 'dialog' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((deleted) => {
        if (deleted) void this.router.navigate(['..'], { relativeTo: this.route });
      });
  }

  private createRequest(): CreateMonitorRequest {
    const value = this.form.getRawValue();
    const kind = value.kind;
    const threshold = value.responseTimeThresholdMs.trim();
    return {
      name: value.name,
      kind,
      target: buildTarget(kind, this.targetForm()) ?? {},
      intervalSeconds: Number(value.intervalSeconds),
      timeoutSeconds: Number(value.timeoutSeconds),
      retries: Number(value.retries),
      enabled: value.enabled,
      ...(value.groupName.trim() ? { groupName: value.groupName.trim() } : {}),
      ...(value.serviceId ? { serviceId: value.serviceId } : {}),
      tags: splitTags(value.tags),
      // Empty: off (without it the API would give the kind's default).
      ...(!hasResponseTime(kind)
        ? {}
        : threshold
          ? { responseTimeThresholdMs: Number(threshold) }
          : { clear: ['responseTimeThresholdMs' as const] }),
    };
  }

  /** Everything the form shows; the target only when it changed (a new one starts afresh). */
  private updateRequest(monitor: MonitorSummary): UpdateMonitorRequest {
    const value = this.form.getRawValue();
    const target = buildTarget(monitor.kind, this.targetForm());
    const stored = buildTarget(monitor.kind, targetValues(monitor));
    const changed = target !== null && JSON.stringify(target) !== JSON.stringify(stored);
    const group = value.groupName.trim();
    const threshold = hasResponseTime(monitor.kind) ? value.responseTimeThresholdMs.trim() : '';
    const clear: MonitorClearable[] = [];
    if (!group && monitor.groupName) clear.push('groupName');
    if (!threshold && monitor.responseTimeThresholdMs !== null) {
      clear.push('responseTimeThresholdMs');
    }
    if (!value.serviceId && monitor.serviceId && this.serviceList.error() === null) {
      clear.push('serviceId');
    }
    return {
      name: value.name,
      ...(changed ? { target } : {}),
      intervalSeconds: Number(value.intervalSeconds),
      timeoutSeconds: Number(value.timeoutSeconds),
      retries: Number(value.retries),
      enabled: value.enabled,
      ...(group ? { groupName: group } : {}),
      ...(value.serviceId ? { serviceId: value.serviceId } : {}),
      tags: splitTags(value.tags),
      ...(threshold ? { responseTimeThresholdMs: Number(threshold) } : {}),
      ...(clear.length > 0 ? { clear } : {}),
    };
  }

  private targetForm(): Partial<TargetValues> {
    return this.form.controls.target.getRawValue() as Partial<TargetValues>;
  }

  private fill(monitor: MonitorSummary): void {
    this.form.controls.kind.setValue(monitor.kind);
    this.form.controls.kind.disable();
    this.form.patchValue({
      name: monitor.name,
      target: targetValues(monitor),
      intervalSeconds: String(monitor.intervalSeconds),
      timeoutSeconds: String(monitor.timeoutSeconds),
      retries: String(monitor.retries),
      responseTimeThresholdMs:
        monitor.responseTimeThresholdMs === null ? '' : String(monitor.responseTimeThresholdMs),
      enabled: monitor.enabled,
      groupName: monitor.groupName ?? '',
      tags: monitor.tags.join(', '),
      serviceId: monitor.serviceId ?? '',
    });
    this.applyTargetValidators();
  }

  /** The target fields' rules; a stored secret is not required again (it stays unless retyped). */
  private applyTargetValidators(): void {
    const editing = this.monitor.value() !== null;
    for (const field of this.fields()) {
      const validators: ValidatorFn[] = [];
      if (field.required && !(editing && isSecret(field))) validators.push(Validators.required);
      if (field.maxLength) validators.push(Validators.maxLength(field.maxLength));
      if (field.pattern) validators.push(Validators.pattern(field.pattern));
      if (field.type === 'number') {
        validators.push(Validators.pattern(/^\d+$/));
        if (field.min !== undefined) validators.push(Validators.min(field.min));
        if (field.max !== undefined) validators.push(Validators.max(field.max));
      }
      const control = this.form.controls.target.controls[field.control];
      control.setValidators(validators);
      control.updateValueAndValidity({ emitEvent: false });
    }
  }
}
