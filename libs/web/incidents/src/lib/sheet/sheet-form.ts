import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  ChangeDetectorRef,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  OnInit,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatChipInputEvent, MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import type {
  IncidentChecklistItem,
  IncidentDetail,
  IncidentSheetFields,
} from '@hyperion/contracts';
import {
  INCIDENT_CHECKLIST_ITEMS,
  INCIDENT_CHECKLIST_LABELS,
  INCIDENT_ERROR_TYPES,
  INCIDENT_REPORTER_KINDS,
  INCIDENT_RULES,
  INCIDENT_SEVERITIES,
} from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { errorsAfterSubmit } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import {
  ERROR_TYPE_LABELS,
  REPORTER_KIND_LABELS,
  SEVERITY_INFO,
  moveRow,
  severityText,
} from '../shared/format';
import type { PersonOption } from '../shared/people';
import { ScreenshotPicker } from './screenshot-picker';
import {
  SheetForm,
  messagesByControl,
  sheetFields,
  sheetForm,
  stepGroup,
  versionGroup,
} from './sheet-model';

/** What the sheet hands to its page: the fields, and (new incidents) screenshots and ticks. */
export interface SheetSubmission {
  readonly fields: IncidentSheetFields;
  readonly screenshots: readonly File[];
  readonly checklist: readonly IncidentChecklistItem[];
}

/**
 * The anomaly sheet as a form, section by section in the document's order: date, reported by,
 * severity, affected module, error type, description, reproduction steps, expected and observed
 * behaviour, environment, technical logs, screenshots, technical analysis, proposed solution,
 * test checklist, then the service and people. Validators from INCIDENT_RULES, errors beside the
 * fields after the first submit; the API's refusal at the top and beside the fields it names; a
 * 409 says someone else changed the incident and offers to reload it.
 */
@Component({
  selector: 'hyp-incident-sheet-form',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatChipsModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    MatSelectModule,
    ReactiveFormsModule,
    ScreenshotPicker,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './sheet-form.html',
  styleUrl: './sheet-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentSheetForm implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly changes = inject(ChangeDetectorRef);
  private readonly destroyRef = inject(DestroyRef);

  /** The incident edited; null for a new one. */
  readonly incident = input<IncidentDetail | null>(null);
  /** The organisation's affected modules (settings). */
  readonly modules = input<readonly string[]>([]);
  readonly services = input<readonly { id: string; name: string }[]>([]);
  readonly people = input<readonly PersonOption[]>([]);
  readonly submitLabel = input('Save');
  /** Sends the sheet; the form shows its progress and its refusal. */
  readonly save = input.required<(submission: SheetSubmission) => Observable<unknown>>();
  readonly cancelled = output<void>();
  /** "Reload" after a 409: someone else changed the incident. */
  readonly reloadRequested = output<void>();

  protected readonly rules = INCIDENT_RULES;
  protected readonly severities = INCIDENT_SEVERITIES;
  protected readonly severityInfo = SEVERITY_INFO;
  protected readonly severityText = severityText;
  protected readonly reporterKinds = INCIDENT_REPORTER_KINDS;
  protected readonly reporterKindLabels = REPORTER_KIND_LABELS;
  protected readonly errorTypes = INCIDENT_ERROR_TYPES;
  protected readonly errorTypeLabels = ERROR_TYPE_LABELS;
  protected readonly checklistItems = INCIDENT_CHECKLIST_ITEMS;
  protected readonly checklistLabels = INCIDENT_CHECKLIST_LABELS;
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);
  protected readonly conflict = signal(false);
  protected readonly submitted = signal(false);
  protected readonly creating = computed(() => this.incident() === null);
  protected readonly moduleOptions = computed(() => {
    const list = [...this.modules()];
    const current = this.base?.module;
    return current && !list.includes(current) ? [...list, current] : list;
  });

  protected form!: SheetForm;
  protected readonly screenshots = signal<readonly File[]>([]);
  protected readonly ticked = signal<ReadonlySet<IncidentChecklistItem>>(new Set());
  /** The sheet as it was when the editor opened (the edit is compared with it). */
  private base: IncidentDetail | null = null;

  ngOnInit(): void {
    this.base = this.incident();
    const me = this.auth.currentUser();
    this.form = sheetForm(this.base, me?.username ?? '');
    // A new sheet starts at its title.
    if (this.creating()) this.focus('sheet-title');
    // "Other" needs its text only while "other" is chosen.
    this.form.controls.errorType.valueChanges
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.form.controls.errorTypeOther.updateValueAndValidity());
  }

  protected get steps() {
    return this.form.controls.steps;
  }

  protected get versions() {
    return this.form.controls.versions;
  }

  protected addStep(): void {
    this.steps.push(stepGroup());
    this.focus(`step-action-${this.steps.length - 1}`);
  }

  protected removeStep(index: number): void {
    this.steps.removeAt(index);
    this.focus('step-add');
  }

  protected moveStep(from: number, to: number): void {
    const moved = moveRow(this.steps.getRawValue(), from, to);
    moved.forEach((step, i) => this.steps.at(i).setValue(step));
    this.steps.markAsDirty();
    this.changes.markForCheck();
    this.focus(`step-${to < from ? 'up' : 'down'}-${to}`, `step-action-${to}`);
  }

  protected addVersion(): void {
    this.versions.push(versionGroup());
    this.focus(`version-name-${this.versions.length - 1}`);
  }

  protected removeVersion(index: number): void {
    this.versions.removeAt(index);
    this.focus('version-add');
  }

  protected addRestart(event: MatChipInputEvent): void {
    const value = event.value.trim();
    event.chipInput.clear();
    if (!value) return;
    const control = this.form.controls.servicesToRestart;
    if (!control.value.includes(value)) control.setValue([...control.value, value.slice(0, 200)]);
    control.markAsDirty();
  }

  protected removeRestart(name: string): void {
    const control = this.form.controls.servicesToRestart;
    control.setValue(control.value.filter((item) => item !== name));
  }

  protected tick(item: IncidentChecklistItem, done: boolean): void {
    this.ticked.update((items) => {
      const next = new Set(items);
      if (done) next.add(item);
      else next.delete(item);
      return next;
    });
  }

  protected submit(): void {
    this.submitted.set(true);
    if (this.busy.active()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Some fields need fixing: they are marked below.');
      this.focusFirstInvalid();
      return;
    }
    const me = this.auth.currentUser();
    const fields = sheetFields(
      this.form.getRawValue(),
      me ? { id: me.id, username: me.username } : null,
      this.base,
    );
    this.error.set(null);
    this.conflict.set(false);
    this.busy
      .track(
        this.save()({
          fields,
          screenshots: this.screenshots(),
          checklist: this.checklistItems.filter((item) => this.ticked().has(item)),
        }),
      )
      .subscribe({ error: (error: unknown) => this.refused(error) });
  }

  private refused(error: unknown): void {
    const status = error instanceof HttpErrorResponse ? error.status : 0;
    if (status === 409) {
      this.conflict.set(true);
      this.error.set(
        `This incident was changed by someone else since you opened the editor (${apiErrorMessage(error)}). ` +
          'Reload it to see their changes — what you typed here is lost — or copy your text first.',
      );
      return;
    }
    this.error.set(
      apiErrorMessage(
        error,
        this.creating() ? 'The incident could not be created.' : 'The sheet could not be saved.',
      ),
    );
    if (status === 400 && error instanceof HttpErrorResponse) {
      const body = error.error as { message?: unknown } | null;
      const raw = body && typeof body === 'object' ? body.message : undefined;
      const messages = (Array.isArray(raw) ? raw : [raw]).filter(
        (m): m is string => typeof m === 'string',
      );
      for (const { control, text } of messagesByControl(messages)) {
        const target = control ? this.form.get(control) : null;
        if (!target) continue;
        target.setErrors({ ...(target.errors ?? {}), server: text });
        target.markAsTouched();
      }
      this.changes.markForCheck();
      this.focusFirstInvalid();
    }
  }

  private focusFirstInvalid(): void {
    afterNextRender(
      () =>
        this.host.nativeElement
          .querySelector<HTMLElement>(
            'input.ng-invalid, textarea.ng-invalid, mat-select.ng-invalid, mat-radio-group.ng-invalid input',
          )
          ?.focus(),
      { injector: this.injector },
    );
  }

  private focus(testId: string, fallback?: string): void {
    afterNextRender(
      () => {
        const find = (id: string) =>
          this.host.nativeElement.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);
        const target = find(testId);
        const usable = target && !target.disabled ? target : fallback ? find(fallback) : null;
        usable?.focus();
      },
      { injector: this.injector },
    );
  }
}
