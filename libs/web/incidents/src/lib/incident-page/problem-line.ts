import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import type { WriteProblem } from './write-problem';

/** A refused change: the reason (announced), and "Reload the incident" after a 409. */
@Component({
  selector: 'hyp-problem-line',
  imports: [MatButtonModule],
  template: `
    @if (problem(); as problem) {
      <p class="problem" role="alert" [attr.data-testid]="testId()">
        <span>{{ problem.message }}</span>
        @if (problem.conflict) {
          <button
            matButton="outlined"
            type="button"
            [attr.data-testid]="testId() + '-reload'"
            (click)="reload.emit()"
          >
            Reload the incident
          </button>
        }
      </p>
    }
  `,
  styles: `
    .problem {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      margin: 0;
      padding: 8px 12px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProblemLine {
  readonly problem = input<WriteProblem | null>(null);
  readonly testId = input('incident-problem');
  readonly reload = output<void>();
}
