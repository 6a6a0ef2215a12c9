import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  forwardRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelect, MatSelectModule } from '@angular/material/select';

import { moveRow } from './move-row';

/** Someone the picker can add. */
export interface PickablePerson {
  readonly id: string;
  readonly name: string;
}

/**
 * An ordered list of people (a team's members, a rotation's turn order) as a form control of
 * contact ids: add from a list of those not in it yet, move up or down, remove. Every action is a
 * button with words, reachable by keyboard; the focus stays on the row that moved.
 */
@Component({
  selector: 'hyp-member-picker',
  imports: [MatButtonModule, MatFormFieldModule, MatSelectModule],
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => MemberPicker), multi: true },
  ],
  template: `
    <div class="picker" role="group" [attr.aria-label]="label()">
      @if (ids().length === 0) {
        <p class="none" [attr.data-testid]="testId() + '-none'">{{ emptyText() }}</p>
      } @else {
        <ol class="members" [attr.data-testid]="testId() + '-list'">
          @for (id of ids(); track id; let i = $index, first = $first, last = $last) {
            <li class="member" [attr.data-testid]="testId() + '-member-' + i">
              <span class="position" aria-hidden="true">{{ i + 1 }}.</span>
              <span class="name">{{ nameOf(id) }}</span>
              <span class="moves">
                <button
                  matButton
                  type="button"
                  [disabled]="disabled() || first"
                  [attr.aria-label]="'Move ' + nameOf(id) + ' up'"
                  [attr.data-testid]="testId() + '-up-' + i"
                  (click)="move(i, i - 1)"
                >
                  Up
                </button>
                <button
                  matButton
                  type="button"
                  [disabled]="disabled() || last"
                  [attr.aria-label]="'Move ' + nameOf(id) + ' down'"
                  [attr.data-testid]="testId() + '-down-' + i"
                  (click)="move(i, i + 1)"
                >
                  Down
                </button>
                <button
                  matButton
                  type="button"
                  [disabled]="disabled()"
                  [attr.aria-label]="'Remove ' + nameOf(id)"
                  [attr.data-testid]="testId() + '-remove-' + i"
                  (click)="remove(i)"
                >
                  Remove
                </button>
              </span>
            </li>
          }
        </ol>
      }
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="add">
        <mat-label>{{ addLabel() }}</mat-label>
        <mat-select
          [value]="null"
          [disabled]="disabled() || candidates().length === 0"
          [attr.data-testid]="testId() + '-add'"
          (selectionChange)="add($event.value)"
          (blur)="touched()"
        >
          @for (person of candidates(); track person.id) {
            <mat-option [value]="person.id" [attr.data-testid]="testId() + '-option-' + person.id">
              {{ person.name }}
            </mat-option>
          }
        </mat-select>
        @if (people().length === 0) {
          <mat-hint>No contacts yet: add people on the Contacts page first.</mat-hint>
        } @else if (candidates().length === 0) {
          <mat-hint>Everyone is in the list.</mat-hint>
        }
      </mat-form-field>
    </div>
  `,
  styles: `
    .picker {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .members {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .member {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      padding: 2px 0 2px 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .position {
      min-width: 2ch;
      color: var(--mat-sys-on-surface-variant);
    }
    .name {
      flex: 1 1 auto;
      font-weight: 500;
    }
    .none {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .add {
      margin-top: 4px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MemberPicker implements ControlValueAccessor {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  /** Everyone who can be chosen, in the order the list offers them. */
  readonly people = input.required<readonly PickablePerson[]>();
  /** The group's accessible name, e.g. "Members of Ops, in turn order". */
  readonly label = input.required<string>();
  readonly addLabel = input('Add a person');
  readonly emptyText = input('Nobody yet.');
  /** Prefix of the `data-testid`s inside. */
  readonly testId = input('members');

  private readonly select = viewChild(MatSelect);

  protected readonly ids = signal<readonly string[]>([]);
  protected readonly disabled = signal(false);
  protected readonly candidates = computed(() => {
    const chosen = new Set(this.ids());
    return this.people().filter((person) => !chosen.has(person.id));
  });
  private readonly names = computed(
    () => new Map(this.people().map((person) => [person.id, person.name])),
  );

  private onChange: (value: string[]) => void = () => undefined;
  private onTouched: () => void = () => undefined;

  writeValue(value: readonly string[] | null): void {
    this.ids.set(Array.isArray(value) ? [...value] : []);
  }

  registerOnChange(fn: (value: string[]) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  /** A contact deleted meanwhile still shows, as such (the API would refuse it). */
  protected nameOf(id: string): string {
    return this.names().get(id) ?? 'Unknown contact (deleted?)';
  }

  protected add(id: string | null): void {
    // The select only adds: it shows its label again, ready for the next person.
    const select = this.select();
    if (select) select.value = null;
    if (!id || this.ids().includes(id)) return;
    this.set([...this.ids(), id]);
  }

  protected remove(index: number): void {
    this.set(this.ids().filter((_, i) => i !== index));
    this.refocus(`${this.testId()}-add`);
  }

  protected move(from: number, to: number): void {
    this.set(moveRow(this.ids(), from, to));
    // The button pressed moved with its row; at the list's end it is disabled: the other one.
    const last = this.ids().length - 1;
    const direction = to < from ? (to === 0 ? 'down' : 'up') : to === last ? 'up' : 'down';
    this.refocus(`${this.testId()}-${direction}-${to}`);
  }

  protected touched(): void {
    this.onTouched();
  }

  private set(ids: string[]): void {
    this.ids.set(ids);
    this.onChange(ids);
    this.onTouched();
  }

  private refocus(testId: string): void {
    afterNextRender(
      () =>
        this.host.nativeElement.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus(),
      { injector: this.injector },
    );
  }
}
