import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { Permission, RoleSummary } from '@hyperion/contracts';
import { ACCOUNT_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Autofocus, ConfirmButton, errorsAfterSubmit } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';

import { AdminApi } from '../admin-api';
import { PermissionPicker } from '../permission-picker/permission-picker';
import { roleChange } from './role-change';

const ROLE_NAME = ACCOUNT_RULES.roleNamePattern;
const DESCRIPTION_MAX = 256;

/**
 * Roles: the built-in ones (read-only) and custom ones (created with chosen permissions, edited,
 * deleted). The permission picker offers only the permissions the user holds.
 */
@Component({
  selector: 'hyp-roles-page',
  imports: [
    Autofocus,
    ConfirmButton,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
    PermissionPicker,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './roles-page.html',
  styleUrl: '../admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolesPage {
  private readonly api = inject(AdminApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly formBuilder = inject(NonNullableFormBuilder);

  protected readonly columns = ['name', 'permissions', 'kind', 'actions'];
  protected readonly roles = loadResource<RoleSummary[]>({
    load: () => this.api.listRoles(),
    initial: [],
    errorMessage: 'The roles could not be loaded.',
  });
  /** What the user may grant: the permissions they hold themselves. */
  protected readonly held = inject(AuthService).permissions;
  protected readonly creating = signal(false);
  protected readonly busy = busyFlag();
  protected readonly createError = signal<string | null>(null);
  protected readonly permissions = signal<readonly Permission[]>([]);
  protected readonly roleNameHint = ACCOUNT_RULES.roleNameHint;

  protected readonly form = this.formBuilder.group({
    name: ['', [Validators.required, Validators.pattern(ROLE_NAME)]],
    description: ['', Validators.maxLength(DESCRIPTION_MAX)],
  });

  /** The custom role being edited, its new permissions, and what went wrong saving them. */
  protected readonly editing = signal<RoleSummary | null>(null);
  protected readonly editPermissions = signal<readonly Permission[]>([]);
  protected readonly editError = signal<string | null>(null);
  protected readonly editForm = this.formBuilder.group({
    description: ['', Validators.maxLength(DESCRIPTION_MAX)],
  });

  protected toggleCreate(): void {
    this.creating.update((open) => !open);
    this.createError.set(null);
    if (this.creating()) this.editing.set(null);
  }

  protected create(): void {
    if (this.form.invalid || this.permissions().length === 0 || this.busy.active()) {
      this.createError.set(
        this.permissions().length === 0 ? 'Pick at least one permission.' : null,
      );
      return;
    }
    const { name, description } = this.form.getRawValue();
    this.createError.set(null);
    this.busy
      .track(
        this.api.createRole({
          name,
          description: description.trim() || undefined,
          permissions: [...this.permissions()],
        }),
      )
      .subscribe({
        next: (role) => {
          this.roles.update((roles) => [...roles, role]);
          this.form.reset();
          this.permissions.set([]);
          this.creating.set(false);
          this.snackBar.open(`Role ${role.name} created.`, undefined, { duration: 4000 });
        },
        error: (error: unknown) =>
          this.createError.set(apiErrorMessage(error, 'The role could not be created.')),
      });
  }

  protected startEditing(role: RoleSummary): void {
    if (role.builtIn) return;
    this.creating.set(false);
    this.editing.set(role);
    this.editPermissions.set(role.permissions);
    this.editForm.reset({ description: role.description });
    this.editError.set(null);
  }

  protected saveEdit(): void {
    const role = this.editing();
    if (!role || this.editForm.invalid || this.busy.active()) return;
    if (this.editPermissions().length === 0) {
      this.editError.set('Pick at least one permission.');
      return;
    }
    const change = roleChange(
      role,
      this.editForm.getRawValue().description,
      this.editPermissions(),
    );
    if (!change) {
      this.editing.set(null);
      return;
    }
    this.editError.set(null);
    this.busy.track(this.api.updateRole(role.id, change)).subscribe({
      next: (updated) => {
        this.roles.update((roles) => roles.map((r) => (r.id === updated.id ? updated : r)));
        this.editing.set(null);
        this.snackBar.open(`Role ${updated.name} saved.`, undefined, { duration: 4000 });
      },
      error: (error: unknown) =>
        this.editError.set(apiErrorMessage(error, 'The role could not be saved.')),
    });
  }

  protected delete(role: RoleSummary): void {
    this.busy.track(this.api.deleteRole(role.id)).subscribe({
      next: () => {
        this.roles.update((roles) => roles.filter((r) => r.id !== role.id));
        if (this.editing()?.id === role.id) this.editing.set(null);
        this.snackBar.open(`Role ${role.name} deleted.`, undefined, { duration: 4000 });
      },
      error: (error: unknown) =>
        this.snackBar.open(apiErrorMessage(error, 'The role could not be deleted.'), 'Close'),
    });
  }
}
