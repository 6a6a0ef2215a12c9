import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import type { Permission } from '@hyperion/contracts';
import { PERMISSIONS } from '@hyperion/contracts';

/** One checkbox per permission Hyperion knows, grouped as a labelled fieldset. */
@Component({
  selector: 'hyp-permission-picker',
  imports: [MatCheckboxModule],
  template: `
    <fieldset class="picker">
      <legend class="legend">{{ legend() }}</legend>
      <div class="grid">
        @for (permission of permissions; track permission) {
          <mat-checkbox
            [attr.data-testid]="testIdPrefix() + permission"
            [checked]="selected().includes(permission)"
            (change)="toggle(permission, $event.checked)"
          >
            <code>{{ permission }}</code>
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
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PermissionPicker {
  readonly selected = model<readonly Permission[]>([]);
  readonly legend = input('Permissions');
  /** Each checkbox gets `data-testid="<prefix><permission>"`. */
  readonly testIdPrefix = input('permission-');

  protected readonly permissions = PERMISSIONS;

  protected toggle(permission: Permission, checked: boolean): void {
    const others = this.selected().filter((p) => p !== permission);
    // Keep the contracts' order, whatever the click order.
    const next = checked ? [...others, permission] : others;
    this.selected.set(PERMISSIONS.filter((p) => next.includes(p)));
  }
}
