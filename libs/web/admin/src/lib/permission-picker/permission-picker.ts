import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import type { AnyPermission, Permission } from '@hyperion/contracts';
import { PERMISSIONS } from '@hyperion/contracts';

/** The hint beside a permission the user cannot grant. */
export const NOT_HELD_HINT = 'you can grant only permissions you hold';

/** One checkbox of the picker. */
export interface PermissionChoice {
  readonly permission: Permission;
  readonly checked: boolean;
  /** Not held by the user: they can neither grant nor take it away here. */
  readonly disabled: boolean;
}

/**
 * The checkboxes of the picker: every permission Hyperion knows, in the contracts' order; those
 * the user does not hold (`held`) are disabled, so nobody hands out more than they have (the API
 * refuses it too).
 */
export function permissionChoices(
  selected: readonly Permission[],
  held: readonly AnyPermission[],
): PermissionChoice[] {
  return PERMISSIONS.map((permission) => ({
    permission,
    checked: selected.includes(permission),
    disabled: !held.includes(permission),
  }));
}

/** The selection after a click: in the contracts' order, whatever the click order. */
export function toggledPermissions(
  selected: readonly Permission[],
  permission: Permission,
  checked: boolean,
): Permission[] {
  const others = selected.filter((p) => p !== permission);
  const next = checked ? [...others, permission] : others;
  return PERMISSIONS.filter((p) => next.includes(p));
}

/** One checkbox per permission Hyperion knows, grouped as a labelled fieldset. */
@Component({
  selector: 'hyp-permission-picker',
  imports: [MatCheckboxModule],
  template: `
    <fieldset class="picker">
      <legend class="legend">{{ legend() }}</legend>
      @if (someDisabled()) {
        <p class="hint" [id]="hintId">Greyed out: {{ notHeldHint }}.</p>
      }
      <div class="grid">
        @for (choice of choices(); track choice.permission) {
          <mat-checkbox
            [attr.data-testid]="testIdPrefix() + choice.permission"
            [attr.data-disabled]="choice.disabled"
            [checked]="choice.checked"
            [disabled]="choice.disabled"
            [title]="choice.disabled ? notHeldHint : ''"
            [aria-describedby]="choice.disabled ? hintId : ''"
            (change)="toggle(choice.permission, $event.checked)"
          >
            <code>{{ choice.permission }}</code>
          </mat-checkbox>
        }
      </div>
    </fieldset>
  `,
  styles: `
    .picker {
      margin: 0;
      padding: 8px 12px 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-small);
    }
    .legend {
      padding: 0 4px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .hint {
      margin: 0 0 4px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PermissionPicker {
  private static nextId = 0;

  readonly selected = model<readonly Permission[]>([]);
  /** The permissions the user holds (the only ones they may grant). */
  readonly held = input.required<readonly AnyPermission[]>();
  readonly legend = input('Permissions');
  /** Each checkbox gets `data-testid="<prefix><permission>"`. */
  readonly testIdPrefix = input('permission-');

  protected readonly notHeldHint = NOT_HELD_HINT;
  protected readonly hintId = `hyp-permission-hint-${PermissionPicker.nextId++}`;
  protected readonly choices = computed(() => permissionChoices(this.selected(), this.held()));
  protected readonly someDisabled = computed(() => this.choices().some((c) => c.disabled));

  protected toggle(permission: Permission, checked: boolean): void {
    this.selected.set(toggledPermissions(this.selected(), permission, checked));
  }
}
