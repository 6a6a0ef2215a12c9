import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import {
  AbstractControl,
  FormArray,
  FormControl,
  FormGroup,
  ReactiveFormsModule,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelect, MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import type {
  ContactSummary,
  EscalationTarget,
  IncidentContactRule,
  IncidentSettings,
  IncidentSeverity,
  NotificationChannelDetails,
  NotificationChannelKind,
  ScheduleSummary,
  TeamSummary,
} from '@hyperion/contracts';
import {
  INCIDENT_PERMISSIONS,
  INCIDENT_RULES,
  INCIDENT_SEVERITIES,
  NOTIFICATION_CHANNEL_KINDS,
  NOTIFICATION_CHANNEL_PERMISSIONS,
} from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { NotificationChannelApi, OnCallApi } from '@hyperion/web/notifications';
import { errorsAfterSubmit } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';
import { Observable, of } from 'rxjs';

import { IncidentRecordsApi } from '../records-api';
import { CHANNEL_KIND_LABELS, SEVERITY_INFO, moveRow, severityText } from '../shared/format';
import { targetDirectory } from './targets';

type RuleGroup = FormGroup<{
  label: FormControl<string>;
  targets: FormControl<EscalationTarget[]>;
  channelKinds: FormControl<NotificationChannelKind[]>;
}>;

/** Each module once (ignoring case). */
const uniqueModules: ValidatorFn = (control: AbstractControl) => {
  const names = (control.value as string[]).map((name) => name.trim().toLowerCase());
  const twice = names.find((name, i) => name !== '' && names.indexOf(name) !== i);
  return twice ? { duplicate: twice } : null;
};

function moduleControl(name = ''): FormControl<string> {
  return new FormControl(name, {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(INCIDENT_RULES.moduleMaxLength)],
  });
}

function ruleGroup(rule?: IncidentContactRule): RuleGroup {
  return new FormGroup({
    label: new FormControl(rule?.label ?? '', {
      nonNullable: true,
      validators: Validators.maxLength(INCIDENT_RULES.shortMaxLength),
    }),
    targets: new FormControl<EscalationTarget[]>([...(rule?.targets ?? [])], {
      nonNullable: true,
    }),
    channelKinds: new FormControl<NotificationChannelKind[]>([...(rule?.channelKinds ?? [])], {
      nonNullable: true,
    }),
  });
}

/**
 * The organisation's incident settings (incidents:write): the affected-module list of the sheet,
 * which emitted alerts open incidents, whether resolving an incident resolves its alerts, and who
 * is told when an incident of each severity opens (teams, people, on-call schedules and channels
 * of the notifications domain, plus every channel of some kinds).
 */
@Component({
  selector: 'hyp-incident-settings-page',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './settings-page.html',
  styleUrls: ['../shared/page.scss', './settings-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentSettingsPage {
  private readonly api = inject(IncidentRecordsApi);
  private readonly onCall = inject(OnCallApi);
  private readonly channelApi = inject(NotificationChannelApi);
  private readonly auth = inject(AuthService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly canWrite = computed(() => this.auth.hasPermission(INCIDENT_PERMISSIONS.write));
  protected readonly canReadPeople = this.auth.hasPermission(NOTIFICATION_CHANNEL_PERMISSIONS.read);
  protected readonly severities = INCIDENT_SEVERITIES;
  protected readonly severityInfo = SEVERITY_INFO;
  protected readonly severityText = severityText;
  protected readonly kinds = NOTIFICATION_CHANNEL_KINDS;
  protected readonly kindLabels = CHANNEL_KIND_LABELS;
  protected readonly rules = INCIDENT_RULES;
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  private readonly people = <T>(load: () => Observable<T[]>) =>
    this.canReadPeople ? load() : of([] as T[]);
  protected readonly settings = loadResource<IncidentSettings | null>({
    load: () => this.api.settings(),
    initial: null,
    errorMessage: 'The incident settings could not be loaded.',
  });
  protected readonly contacts = loadResource<ContactSummary[]>({
    load: () => this.people(() => this.onCall.contacts()),
    initial: [],
    errorMessage: 'The people could not be loaded (targets show without their names).',
  });
  protected readonly teams = loadResource<TeamSummary[]>({
    load: () => this.people(() => this.onCall.teams()),
    initial: [],
    errorMessage: 'The teams could not be loaded (targets show without their names).',
  });
  protected readonly schedules = loadResource<ScheduleSummary[]>({
    load: () => this.people(() => this.onCall.schedules()),
    initial: [],
    errorMessage: 'The on-call schedules could not be loaded (targets show without their names).',
  });
  protected readonly channels = loadResource<NotificationChannelDetails[]>({
    load: () => this.people(() => this.channelApi.list()),
    initial: [],
    errorMessage:
      'The notification channels could not be loaded (targets show without their names).',
  });
  protected readonly directoryLoads = [this.contacts, this.teams, this.schedules, this.channels];
  protected readonly directory = computed(() =>
    targetDirectory(
      this.contacts.value(),
      this.teams.value(),
      this.schedules.value(),
      this.channels.value(),
    ),
  );

  protected readonly modules = new FormArray<FormControl<string>>([], {
    validators: [uniqueModules, Validators.maxLength(INCIDENT_RULES.modulesMax)],
  });
  protected readonly form = new FormGroup({
    modules: this.modules,
    openCritical: new FormControl(true, { nonNullable: true }),
    openHigh: new FormControl(false, { nonNullable: true }),
    resolveAlertsOnResolve: new FormControl(true, { nonNullable: true }),
    contacts: new FormGroup({
      critical: ruleGroup(),
      high: ruleGroup(),
      medium: ruleGroup(),
      low: ruleGroup(),
    }),
  });

  constructor() {
    effect(() => {
      const settings = this.settings.value();
      untracked(() => {
        if (settings && !this.form.dirty) this.fill(settings);
      });
    });
  }

  protected rule(severity: IncidentSeverity): RuleGroup {
    return this.form.controls.contacts.controls[severity];
  }

  protected addModule(): void {
    this.modules.push(moduleControl());
    this.modules.markAsDirty();
    this.focus(`module-${this.modules.length - 1}`);
  }

  protected removeModule(index: number): void {
    this.modules.removeAt(index);
    this.modules.markAsDirty();
    this.focus('module-add');
  }

  protected moveModule(from: number, to: number): void {
    this.modules.setValue(moveRow(this.modules.getRawValue(), from, to));
    this.modules.markAsDirty();
    this.focus(`module-${to}`);
  }

  /** Who may still be added to a severity's contacts (those already there are left out). */
  protected candidates(severity: IncidentSeverity) {
    const chosen = new Set(
      this.rule(severity).controls.targets.value.map((t) => `${t.type}:${t.id}`),
    );
    return this.directory().groups.map((group) => ({
      ...group,
      items: group.items.filter((item) => !chosen.has(`${group.type}:${item.id}`)),
    }));
  }

  protected addTarget(severity: IncidentSeverity, select: MatSelect, value: string | null): void {
    select.value = null;
    if (!value) return;
    const [type, ...rest] = value.split(':');
    const control = this.rule(severity).controls.targets;
    control.setValue([...control.value, { type, id: rest.join(':') } as EscalationTarget]);
    control.markAsDirty();
  }

  protected removeTarget(severity: IncidentSeverity, index: number): void {
    const control = this.rule(severity).controls.targets;
    control.setValue(control.value.filter((_, i) => i !== index));
    control.markAsDirty();
  }

  protected targetName(target: EscalationTarget): string {
    return this.directory().nameOf(target);
  }

  protected undo(): void {
    const settings = this.settings.value();
    if (settings) this.fill(settings);
  }

  protected save(): void {
    if (this.busy.active()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Some fields need fixing: they are marked below.');
      return;
    }
    const raw = this.form.getRawValue();
    const severities: IncidentSettings['openFromAlertSeverities'] = [];
    if (raw.openCritical) severities.push('critical');
    if (raw.openHigh) severities.push('high');
    const request: IncidentSettings = {
      modules: raw.modules.map((name) => name.trim()),
      openFromAlertSeverities: severities,
      resolveAlertsOnResolve: raw.resolveAlertsOnResolve,
      contacts: Object.fromEntries(
        INCIDENT_SEVERITIES.map((severity) => [
          severity,
          {
            label: raw.contacts[severity].label.trim(),
            targets: raw.contacts[severity].targets.map((t) => ({ type: t.type, id: t.id })),
            channelKinds: [...raw.contacts[severity].channelKinds],
          },
        ]),
      ) as IncidentSettings['contacts'],
    };
    this.error.set(null);
    this.busy.track(this.api.saveSettings(request)).subscribe({
      next: (saved) => {
        this.form.markAsPristine();
        this.settings.set(saved);
        this.fill(saved);
        this.snackBar.open('Incident settings saved.', undefined, { duration: 4000 });
      },
      error: (error: unknown) =>
        this.error.set(apiErrorMessage(error, 'The settings could not be saved.')),
    });
  }

  private fill(settings: IncidentSettings): void {
    this.modules.clear();
    for (const name of settings.modules) this.modules.push(moduleControl(name));
    this.form.patchValue({
      openCritical: settings.openFromAlertSeverities.includes('critical'),
      openHigh: settings.openFromAlertSeverities.includes('high'),
      resolveAlertsOnResolve: settings.resolveAlertsOnResolve,
    });
    for (const severity of INCIDENT_SEVERITIES) {
      const rule = settings.contacts[severity];
      this.rule(severity).setValue({
        label: rule?.label ?? '',
        targets: [...(rule?.targets ?? [])],
        channelKinds: [...(rule?.channelKinds ?? [])],
      });
    }
    this.form.markAsPristine();
    this.error.set(null);
    if (!this.canWrite()) this.form.disable();
  }

  private focus(testId: string): void {
    afterNextRender(
      () =>
        this.host.nativeElement.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus(),
      { injector: this.injector },
    );
  }
}
