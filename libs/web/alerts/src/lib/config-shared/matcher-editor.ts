import {
  ChangeDetectionStrategy,
  ChangeDetectorRef,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  effect,
  inject,
  input,
} from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ALERT_RULES, MATCHER_FIELDS_HINT } from '@hyperion/contracts';

import { MATCHER_OPS, MatcherArray, matcherGroup } from './matchers';

/**
 * The label matchers of a routing rule or a silence (all must match): one row each with the
 * field, the operator and the value; add and remove with worded buttons. Bound to a FormArray of
 * the enclosing form, so its errors show after that form's first submit.
 */
@Component({
  selector: 'hyp-matcher-editor',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  template: `
    <div class="editor" role="group" [attr.aria-label]="label()">
      @if (array().length === 0) {
        <p class="none" [attr.data-testid]="testId() + '-none'">{{ emptyText() }}</p>
      }
      @for (row of array().controls; track row; let i = $index) {
        <div class="matcher" [attr.data-testid]="testId() + '-row-' + i">
          <mat-form-field appearance="outline" class="name">
            <mat-label>Label {{ i + 1 }}</mat-label>
            <input
              matInput
              autocomplete="off"
              spellcheck="false"
              [formControl]="row.controls.name"
              [attr.data-testid]="testId() + '-name-' + i"
            />
            @if (row.controls.name.hasError('required')) {
              <mat-error>Enter a label name (or severity, source, service…).</mat-error>
            } @else if (row.controls.name.hasError('pattern')) {
              <mat-error>Letters, digits and _ only, not starting with a digit.</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline" class="op">
            <mat-label>Operator</mat-label>
            <mat-select [formControl]="row.controls.op" [attr.data-testid]="testId() + '-op-' + i">
              @for (choice of ops; track choice.op) {
                <mat-option [value]="choice.op">{{ choice.label }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline" class="value">
            <mat-label>Value</mat-label>
            <input
              matInput
              autocomplete="off"
              spellcheck="false"
              [formControl]="row.controls.value"
              [attr.data-testid]="testId() + '-value-' + i"
            />
            @if (row.hasError('pattern')) {
              <mat-hint class="row-error" [attr.data-testid]="testId() + '-pattern-error-' + i">
                This pattern is not a valid regular expression.
              </mat-hint>
            } @else if (row.controls.value.hasError('maxlength')) {
              <mat-error>At most {{ valueMax }} characters.</mat-error>
            }
          </mat-form-field>
          <button
            matButton
            type="button"
            class="remove"
            [attr.aria-label]="'Remove matcher ' + (i + 1)"
            [attr.data-testid]="testId() + '-remove-' + i"
            (click)="remove(i)"
          >
            Remove
          </button>
        </div>
      }
      <div class="footer">
        <button
          matButton="outlined"
          type="button"
          [disabled]="array().length >= max"
          [attr.data-testid]="testId() + '-add'"
          (click)="add()"
        >
          Add a matcher
        </button>
        <span class="hint">Matches {{ fieldsHint }}. All matchers must match.</span>
      </div>
      @if (array().hasError('matchersMin')) {
        <p class="array-error" role="alert" [attr.data-testid]="testId() + '-error'">
          Add at least one matcher.
        </p>
      } @else if (array().hasError('server')) {
        <p class="array-error" role="alert" [attr.data-testid]="testId() + '-error'">
          {{ array().getError('server') }}
        </p>
      }
    </div>
  `,
  styles: `
    .editor {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .matcher {
      display: grid;
      grid-template-columns: minmax(120px, 1fr) minmax(150px, 1fr) minmax(140px, 1.5fr) auto;
      gap: 0 8px;
      align-items: start;
    }
    @media (max-width: 599.98px) {
      .matcher {
        grid-template-columns: 1fr 1fr;
        padding-bottom: 8px;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
    }
    .remove {
      margin-top: 10px;
    }
    .footer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
    }
    .none,
    .hint {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .row-error,
    .array-error {
      color: var(--mat-sys-error);
    }
    .array-error {
      margin: 4px 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MatcherEditor {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly array = input.required<MatcherArray>();
  readonly label = input('Matchers');
  readonly emptyText = input('No matchers.');
  readonly testId = input('matchers');

  protected readonly ops = MATCHER_OPS;
  protected readonly max = ALERT_RULES.matchersMax;
  protected readonly valueMax = ALERT_RULES.labelValueMax;
  protected readonly fieldsHint = MATCHER_FIELDS_HINT;

  constructor() {
    // Errors put on the array from outside (the API's, after a save) show at once.
    const changes = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const subscription = this.array().events.subscribe(() => changes.markForCheck());
      onCleanup(() => subscription.unsubscribe());
    });
  }

  protected add(): void {
    this.array().push(matcherGroup());
    this.array().markAsDirty();
    this.focus(`${this.testId()}-name-${this.array().length - 1}`);
  }

  protected remove(index: number): void {
    this.array().removeAt(index);
    this.array().markAsDirty();
    this.focus(`${this.testId()}-add`);
  }

  private focus(testId: string): void {
    afterNextRender(
      () =>
        this.host.nativeElement.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus(),
      { injector: this.injector },
    );
  }
}
