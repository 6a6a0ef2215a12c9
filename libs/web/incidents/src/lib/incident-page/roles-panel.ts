import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type {
  IncidentClearableField,
  IncidentDetail,
  UpdateIncidentRequest,
} from '@hyperion/contracts';
import { INCIDENT_RULES } from '@hyperion/contracts';
import { busyFlag } from '@hyperion/web/util';

import { IncidentApi } from '../incident-api';
import { personName } from '../shared/format';
import type { PersonOption } from '../shared/people';
import { ProblemLine } from './problem-line';
import { WriteProblem, writeProblem } from './write-problem';

/**
 * Who works the incident: the assignee, the incident commander, the communications lead and the
 * responders, each shown by name; with incidents:write, chosen among the organisation's members.
 */
@Component({
  selector: 'hyp-incident-roles',
  imports: [MatButtonModule, MatFormFieldModule, MatSelectModule, ProblemLine, ReactiveFormsModule],
  template: `
    <section class="panel" aria-labelledby="roles-title" data-testid="incident-roles">
      <h3 class="panel-title" id="roles-title">Roles</h3>
      @if (!canWrite()) {
        <dl class="facts">
          <dt>Assigned to</dt>
          <dd data-testid="role-assignee">{{ name(incident().assignee) }}</dd>
          <dt>Incident commander</dt>
          <dd data-testid="role-commander">{{ name(incident().commander) }}</dd>
          <dt>Communications lead</dt>
          <dd data-testid="role-communications">{{ name(incident().communicationsLead) }}</dd>
          <dt>Responders</dt>
          <dd data-testid="role-responders">{{ responders() }}</dd>
        </dl>
      } @else {
        <form class="roles" [formGroup]="form" (ngSubmit)="save()" novalidate>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Assigned to</mat-label>
            <mat-select formControlName="assigneeId" data-testid="role-assignee">
              <mat-option value="">Nobody</mat-option>
              @for (person of options(); track person.id) {
                <mat-option [value]="person.id">{{ person.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Incident commander</mat-label>
            <mat-select formControlName="commanderId" data-testid="role-commander">
              <mat-option value="">Nobody</mat-option>
              @for (person of options(); track person.id) {
                <mat-option [value]="person.id">{{ person.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Communications lead</mat-label>
            <mat-select formControlName="communicationsLeadId" data-testid="role-communications">
              <mat-option value="">Nobody</mat-option>
              @for (person of options(); track person.id) {
                <mat-option [value]="person.id">{{ person.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Responders</mat-label>
            <mat-select multiple formControlName="responderIds" data-testid="role-responders">
              @for (person of options(); track person.id) {
                <mat-option [value]="person.id">{{ person.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <div class="actions">
            <button
              matButton="filled"
              type="submit"
              data-testid="roles-save"
              [disabled]="busy.active() || !form.dirty"
            >
              Save roles
            </button>
            @if (form.dirty) {
              <button matButton type="button" (click)="reset()">Undo changes</button>
            }
          </div>
        </form>
        @if (peopleNotice(); as notice) {
          <p class="secondary" data-testid="roles-people-notice">{{ notice }}</p>
        }
      }
      <hyp-problem-line testId="roles-problem" [problem]="problem()" (reload)="reload.emit()" />
    </section>
  `,
  styleUrl: '../shared/panel.scss',
  styles: `
    .roles {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      gap: 8px 12px;
      align-items: center;
    }
    .actions {
      display: flex;
      gap: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentRoles {
  private readonly api = inject(IncidentApi);
  private readonly fb = inject(NonNullableFormBuilder);

  readonly incident = input.required<IncidentDetail>();
  readonly people = input<readonly PersonOption[]>([]);
  /** Why someone may be missing from the pickers, if anyone may be. */
  readonly peopleNotice = input<string | null>(null);
  readonly canWrite = input(false);
  readonly updated = output<unknown>();
  readonly reload = output<void>();

  protected readonly busy = busyFlag();
  protected readonly problem = signal<WriteProblem | null>(null);
  protected readonly name = personName;
  protected readonly form = this.fb.group({
    assigneeId: [''],
    commanderId: [''],
    communicationsLeadId: [''],
    responderIds: [[] as string[]],
  });
  /** The members, and the people already on the incident (so their names always show). */
  protected readonly options = computed(() => {
    const i = this.incident();
    const known = new Map(this.people().map((person) => [person.id, person]));
    for (const person of [i.assignee, i.commander, i.communicationsLead, ...i.responders]) {
      if (person && !known.has(person.userId)) {
        known.set(person.userId, { id: person.userId, name: personName(person) });
      }
    }
    return [...known.values()].sort((a, b) => a.name.localeCompare(b.name));
  });
  protected readonly responders = computed(() => {
    const list = this.incident().responders.map((person) => personName(person));
    return list.length ? list.join(', ') : 'Nobody';
  });

  constructor() {
    // The incident changed (live, or saved): shown as it is, unless something is being edited.
    effect(() => {
      this.incident();
      untracked(() => {
        if (!this.form.dirty) this.reset();
      });
    });
  }

  protected reset(): void {
    const i = this.incident();
    this.form.reset({
      assigneeId: i.assignee?.userId ?? '',
      commanderId: i.commander?.userId ?? '',
      communicationsLeadId: i.communicationsLead?.userId ?? '',
      responderIds: i.responders.map((person) => person.userId),
    });
  }

  protected save(): void {
    if (this.busy.active()) return;
    const i = this.incident();
    const value = this.form.getRawValue();
    if (value.responderIds.length > INCIDENT_RULES.respondersMax) {
      this.problem.set({
        message: `At most ${INCIDENT_RULES.respondersMax} responders.`,
        conflict: false,
      });
      return;
    }
    const request: UpdateIncidentRequest = { version: i.version };
    const single = ['assigneeId', 'commanderId', 'communicationsLeadId'] as const;
    const before = {
      assigneeId: i.assignee?.userId ?? null,
      commanderId: i.commander?.userId ?? null,
      communicationsLeadId: i.communicationsLead?.userId ?? null,
    };
    // Someone taken off a role is named in `clear` (the API refuses null).
    const clear: IncidentClearableField[] = [];
    for (const field of single) {
      const next = value[field] || null;
      if (next === before[field]) continue;
      if (next === null) clear.push(field);
      else request[field] = next;
    }
    if (clear.length > 0) request.clear = clear;
    const responders = i.responders.map((person) => person.userId);
    if (JSON.stringify(value.responderIds) !== JSON.stringify(responders)) {
      request.responderIds = value.responderIds;
    }
    this.problem.set(null);
    this.busy.track(this.api.update(i.id, request)).subscribe({
      next: (saved) => {
        this.form.markAsPristine();
        this.updated.emit(saved);
      },
      error: (error: unknown) =>
        this.problem.set(writeProblem(error, 'The roles could not be saved.')),
    });
  }
}
