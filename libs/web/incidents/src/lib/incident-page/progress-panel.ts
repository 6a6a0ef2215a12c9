import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxChange, MatCheckboxModule } from '@angular/material/checkbox';
import type { IncidentChecklistItem, IncidentDetail, IncidentPhase } from '@hyperion/contracts';
import {
  INCIDENT_CHECKLIST_ITEMS,
  INCIDENT_CHECKLIST_LABELS,
  INCIDENT_PHASES,
  INCIDENT_PHASE_LABELS,
} from '@hyperion/contracts';
import { busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { IncidentApi } from '../incident-api';
import { actorName, localTime, personName } from '../shared/format';
import { ProblemLine } from './problem-line';
import { WriteProblem, writeProblem } from './write-problem';

/**
 * Where the response stands: the procedure's phases (detection … post-mortem), each with when it
 * was reached and by whom, and the sheet's test checklist, ticked one by one.
 */
@Component({
  selector: 'hyp-incident-progress',
  imports: [MatButtonModule, MatCheckboxModule, ProblemLine],
  template: `
    <section class="panel" aria-labelledby="phases-title" data-testid="incident-phases">
      <h3 class="panel-title" id="phases-title">Procedure phases</h3>
      <ol class="phases">
        @for (phase of phases(); track phase.key) {
          <li [attr.data-testid]="'phase-' + phase.key" [class.reached]="phase.stamp">
            <span class="phase-mark" aria-hidden="true">{{ phase.stamp ? '✓' : '○' }}</span>
            <span class="phase-text">
              <span class="phase-name">{{ phase.label }}</span>
              @if (phase.stamp; as stamp) {
                <span class="secondary">
                  reached <time [attr.datetime]="stamp.at">{{ localTime(stamp.at) }}</time> by
                  {{ actorName(stamp.by) }}
                </span>
              } @else {
                <span class="secondary">not reached</span>
              }
            </span>
            @if (!phase.stamp && canWrite()) {
              <button
                matButton
                type="button"
                [disabled]="busy.active()"
                [attr.aria-label]="'Mark the ' + phase.label + ' phase reached now'"
                [attr.data-testid]="'phase-mark-' + phase.key"
                (click)="reach(phase.key)"
              >
                Mark reached
              </button>
            }
          </li>
        }
      </ol>
    </section>
    <section class="panel" aria-labelledby="checklist-title" data-testid="incident-checklist">
      <h3 class="panel-title" id="checklist-title">Test checklist</h3>
      <ul class="checklist">
        @for (item of checklist(); track item.key) {
          <li>
            <mat-checkbox
              [checked]="item.done"
              [disabled]="!canWrite() || busy.active()"
              [attr.data-testid]="'check-' + item.key"
              (change)="tick(item.key, $event)"
            >
              {{ item.label }}
            </mat-checkbox>
            @if (item.done && item.at) {
              <span class="secondary ticked"
                >ticked {{ localTime(item.at) }}{{ item.by ? ' by ' + item.by : '' }}</span
              >
            }
          </li>
        }
      </ul>
    </section>
    <hyp-problem-line testId="progress-problem" [problem]="problem()" (reload)="reload.emit()" />
  `,
  styleUrl: '../shared/panel.scss',
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .phases,
    .checklist {
      display: flex;
      flex-direction: column;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    /* One phase a row: its mark, its name over when it was reached, "Mark reached" at the end. */
    .phases li {
      display: grid;
      grid-template-columns: 20px minmax(0, 1fr) auto;
      align-items: center;
      gap: 0 8px;
      min-height: 44px;
      padding: 4px 0;
    }
    .phases li + li {
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .phase-mark {
      color: var(--mat-sys-on-surface-variant);
      text-align: center;
    }
    .reached .phase-mark {
      color: var(--mat-sys-primary);
      font-weight: 700;
    }
    .phase-text {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .reached .phase-name {
      font-weight: 600;
    }
    .checklist li {
      display: flex;
      flex-direction: column;
      min-height: 40px;
      justify-content: center;
    }
    /* Under the box's label, not under the box. */
    .ticked {
      margin: -8px 0 4px 40px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentProgress {
  private readonly api = inject(IncidentApi);

  readonly incident = input.required<IncidentDetail>();
  readonly canWrite = input(false);
  readonly updated = output<unknown>();
  readonly reload = output<void>();

  protected readonly busy = busyFlag();
  protected readonly problem = signal<WriteProblem | null>(null);
  protected readonly localTime = localTime;
  protected readonly actorName = actorName;

  protected readonly phases = computed(() =>
    INCIDENT_PHASES.map((key) => ({
      key,
      label: INCIDENT_PHASE_LABELS[key],
      stamp: this.incident().phases[key] ?? null,
    })),
  );
  protected readonly checklist = computed(() =>
    INCIDENT_CHECKLIST_ITEMS.map((key) => {
      const entry = this.incident().testChecklist?.[key];
      return {
        key,
        label: INCIDENT_CHECKLIST_LABELS[key],
        done: entry?.done ?? false,
        at: entry?.at ?? null,
        by: entry?.by ? personName(entry.by) : null,
      };
    }),
  );

  protected reach(phase: IncidentPhase): void {
    this.run(
      this.api.phase(this.incident().id, phase),
      `The ${INCIDENT_PHASE_LABELS[phase]} phase could not be marked.`,
    );
  }

  protected tick(item: IncidentChecklistItem, change: MatCheckboxChange): void {
    const done = change.checked;
    this.run(
      this.api.checklist(this.incident().id, item, done),
      `“${INCIDENT_CHECKLIST_LABELS[item]}” could not be ${done ? 'ticked' : 'unticked'}.`,
      // Refused: the box shows what the server holds, not the click.
      () => (change.source.checked = !done),
    );
  }

  private run(request: Observable<unknown>, fallback: string, undo?: () => void): void {
    this.problem.set(null);
    this.busy.track(request).subscribe({
      next: (saved) => this.updated.emit(saved),
      error: (error: unknown) => {
        undo?.();
        this.problem.set(writeProblem(error, fallback));
      },
    });
  }
}
