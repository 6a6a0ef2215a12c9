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
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import type {
  CreateHostRequest,
  HostClearable,
  HostKind,
  HostSummary,
  HostThresholdsRequest,
  UpdateHostRequest,
} from '@hyperion/contracts';
import { HOST_KINDS, HOST_PERMISSIONS, HOST_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import {
  applyApiErrors,
  Autofocus,
  errorsAfterSubmit,
  fieldError,
  FormPage,
  formPageFieldOptions,
  FormPageFields,
} from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { Observable, of } from 'rxjs';

import { HostApi } from '../host-api';
import { HOST_KIND_LABELS } from '../hosts-page/host-format';

const R = HOST_RULES;

/** A whole number within bounds; `optional` lets it be empty (a threshold turned off). */
const wholeNumber = (min: number, max: number, optional = false): ValidatorFn[] => [
  ...(optional ? [] : [Validators.required]),
  Validators.min(min),
  Validators.max(max),
  Validators.pattern(/^\d+$/),
];

const splitTags = (text: string) =>
  text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

const tagsValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const tags = splitTags(control.value as string);
  return tags.length > R.tagsMax || tags.some((t) => !R.tagPattern.test(t)) ? { tags: true } : null;
};

/** An http(s) URL the browser can parse (the API checks the rest and says so beside the field). */
const urlValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const text = (control.value as string).trim();
  if (!text) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : { url: true };
  } catch {
    return { url: true };
  }
};

const THRESHOLDS = ['cpuPercent', 'memoryPercent', 'diskPercent'] as const;
type ThresholdField = (typeof THRESHOLDS)[number];

const range = (min: number, max: number) => `A whole number from ${min} to ${max}.`;

/**
 * Adding a host (`/hosts/new`) or changing one (`/hosts/:id/edit`): this Hyperion host, or a
 * remote one's node_exporter URL with an optional bearer token (stored sealed, never shown
 * again), the sampling interval and the alert thresholds. Rules are the contracts'; a refusal
 * of the API shows beside the field it names.
 */
@Component({
  selector: 'hyp-host-form-page',
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
  templateUrl: './host-form-page.html',
  styleUrl: './host-form-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HostFormPage {
  private readonly api = inject(HostApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);

  /** The route's `:id` when editing; none when adding. */
  readonly id = input<string>();

  protected readonly kinds = HOST_KINDS;
  protected readonly kindLabels = HOST_KIND_LABELS;
  protected readonly rules = R;
  protected readonly thresholdFields: readonly { control: ThresholdField; label: string }[] = [
    { control: 'cpuPercent', label: 'CPU alert above (%)' },
    { control: 'memoryPercent', label: 'Memory alert above (%)' },
    { control: 'diskPercent', label: 'Disk alert above (%)' },
  ];
  protected readonly hints = {
    name: `${R.nameHint.charAt(0).toUpperCase()}${R.nameHint.slice(1)}.`,
    url: 'The node_exporter’s metrics URL, e.g. http://10.0.0.7:9100/metrics (no user or password in it).',
    token: 'Sent as “Authorization: Bearer …” with each scrape. Optional.',
    interval: `Seconds between samples. ${range(R.intervalMin, R.intervalMax)}`,
    tags: `Comma-separated, at most ${R.tagsMax}: letters, digits, "_", ".", ":" or "-".`,
    threshold: `${range(R.thresholdMin, R.thresholdMax)}`,
    forSeconds: `How long a figure stays above its limit before the alert. ${range(0, R.forSecondsMax)}`,
  };

  protected readonly forbidden = computed(() =>
    this.auth.hasPermission(HOST_PERMISSIONS.write)
      ? null
      : "You can't change hosts: that needs the monitoring:control permission.",
  );
  protected readonly editing = computed(() => this.id() !== undefined);
  protected readonly backLink = computed(() => {
    const id = this.id();
    return id ? ['..', id] : ['..'];
  });
  protected readonly heading = computed(() =>
    this.editing() ? `Edit “${this.host.value()?.name ?? '…'}”` : 'Add a host',
  );

  protected readonly form = this.fb.group({
    name: [
      '',
      [
        Validators.required,
        Validators.maxLength(R.nameMaxLength),
        Validators.pattern(R.namePattern),
      ],
    ],
    kind: this.fb.control<HostKind>('node_exporter'),
    url: ['', [Validators.maxLength(R.urlMaxLength), urlValidator]],
    token: ['', [Validators.maxLength(R.tokenMaxLength), Validators.pattern(R.tokenPattern)]],
    removeToken: [false],
    intervalSeconds: [String(R.intervalDefault), wholeNumber(R.intervalMin, R.intervalMax)],
    enabled: [true],
    tags: ['', [tagsValidator]],
    cpuPercent: [
      String(R.thresholdDefaults.cpuPercent),
      wholeNumber(R.thresholdMin, R.thresholdMax),
    ],
    memoryPercent: [
      String(R.thresholdDefaults.memoryPercent),
      wholeNumber(R.thresholdMin, R.thresholdMax),
    ],
    diskPercent: [
      String(R.thresholdDefaults.diskPercent),
      wholeNumber(R.thresholdMin, R.thresholdMax),
    ],
    forSeconds: [String(R.thresholdDefaults.forSeconds), wholeNumber(0, R.forSecondsMax)],
  });

  private readonly kind = toSignal(this.form.controls.kind.valueChanges, {
    initialValue: this.form.controls.kind.value,
  });
  protected readonly remote = computed(() => this.kind() === 'node_exporter');

  protected readonly host = loadResource<HostSummary | null>({
    load: () => {
      const id = untracked(this.id);
      return id ? this.api.get(id) : of(null);
    },
    initial: null,
    errorMessage: 'The host could not be loaded.',
  });

  protected readonly busy = busyFlag();
  protected readonly problem = signal<string | null>(null);

  constructor() {
    // Only a remote host has a URL (required) and a token.
    effect(() => {
      const remote = this.remote();
      untracked(() => {
        const { url, token } = this.form.controls;
        for (const control of [url, token]) {
          if (remote) control.enable({ emitEvent: false });
          else control.disable({ emitEvent: false });
        }
        url.setValidators(
          remote ? [Validators.required, Validators.maxLength(R.urlMaxLength), urlValidator] : [],
        );
        url.updateValueAndValidity({ emitEvent: false });
      });
    });
    effect(() => {
      const host = this.host.value();
      if (host) untracked(() => this.fill(host));
    });
  }

  /** A field's message: what the server said of it, else what its rules say it lacks. */
  protected errorOf(control: string, hint: string): string {
    return fieldError(this.form.get(control), hint);
  }

  /** Sent by the frame once the form is valid. */
  protected save(): void {
    this.problem.set(null);
    const host = this.host.value();
    if (this.editing() && !host) return;
    const sent: Observable<HostSummary> = host
      ? this.api.update(host.id, this.updateRequest(host))
      : this.api.create(this.createRequest());
    this.busy
      .track(sent)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => void this.router.navigate(['..', saved.id], { relativeTo: this.route }),
        // The API's "url: …" goes beside the URL; a threshold's "thresholds.cpuPercent: …" beside it.
        error: (error: unknown) =>
          this.problem.set(
            applyApiErrors(this.form, error, {
              fallback: 'The host could not be saved.',
              controlFor: (field) => field?.replace(/^thresholds\./, '') ?? null,
            }),
          ),
      });
  }

  private createRequest(): CreateHostRequest {
    const value = this.form.getRawValue();
    const remote = value.kind === 'node_exporter';
    return {
      name: value.name,
      kind: value.kind,
      ...(remote ? { url: value.url.trim() } : {}),
      ...(remote && value.token ? { token: value.token } : {}),
      intervalSeconds: Number(value.intervalSeconds),
      enabled: value.enabled,
      tags: splitTags(value.tags),
      thresholds: this.thresholds(),
    };
  }

  /** Everything the form shows; an emptied threshold turns its alert off; the token stays unless retyped or removed. */
  private updateRequest(host: HostSummary): UpdateHostRequest {
    const value = this.form.getRawValue();
    const remote = host.kind === 'node_exporter';
    const clear: HostClearable[] = THRESHOLDS.filter((field) => value[field].trim() === '');
    if (remote && value.removeToken && !value.token) clear.push('token');
    return {
      name: value.name,
      ...(remote ? { url: value.url.trim() } : {}),
      ...(remote && value.token ? { token: value.token } : {}),
      intervalSeconds: Number(value.intervalSeconds),
      enabled: value.enabled,
      tags: splitTags(value.tags),
      thresholds: this.thresholds(),
      ...(clear.length > 0 ? { clear } : {}),
    };
  }

  private thresholds(): HostThresholdsRequest {
    const value = this.form.getRawValue();
    const thresholds: HostThresholdsRequest = { forSeconds: Number(value.forSeconds) };
    for (const field of THRESHOLDS) {
      if (value[field].trim() !== '') thresholds[field] = Number(value[field]);
    }
    return thresholds;
  }

  private fill(host: HostSummary): void {
    this.form.controls.kind.setValue(host.kind);
    this.form.controls.kind.disable();
    this.form.patchValue({
      name: host.name,
      url: host.url ?? '',
      token: '',
      removeToken: false,
      intervalSeconds: String(host.intervalSeconds),
      enabled: host.enabled,
      tags: host.tags.join(', '),
      cpuPercent: host.thresholds.cpuPercent === null ? '' : String(host.thresholds.cpuPercent),
      memoryPercent:
        host.thresholds.memoryPercent === null ? '' : String(host.thresholds.memoryPercent),
      diskPercent: host.thresholds.diskPercent === null ? '' : String(host.thresholds.diskPercent),
      forSeconds: String(host.thresholds.forSeconds),
    });
    // Editing: an empty threshold is allowed (its alert is off).
    for (const field of THRESHOLDS) {
      const control = this.form.controls[field];
      control.setValidators(wholeNumber(R.thresholdMin, R.thresholdMax, true));
      control.updateValueAndValidity({ emitEvent: false });
    }
  }
}
