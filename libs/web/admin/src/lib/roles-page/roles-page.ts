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
import { ConfirmButton } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';

import { AdminApi } from '../admin-api';
import { PermissionPicker } from '../permission-picker/permission-picker';

const ROLE_NAME = ACCOUNT_RULES.roleNamePattern;

/** Roles: the built-in ones and custom ones (created with chosen permissions, deletable). */
@Component({
  selector: 'hyp-roles-page',
  imports: [
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
  templateUrl: './roles-page.html',
  styleUrl: '../admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolesPage {
  private readonly api = inject(AdminApi);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly columns = ['name', 'permissions', 'kind', 'actions'];
  protected readonly roles = loadResource<RoleSummary[]>({
    load: () => this.api.listRoles(),
    initial: [],
    errorMessage: 'The roles could not be loaded.',
  });
  protected readonly creating = signal(false);
  protected readonly busy = busyFlag();
  protected readonly createError = signal<string | null>(null);
  protected readonly permissions = signal<readonly Permission[]>([]);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.pattern(ROLE_NAME)]],
    description: ['', Validators.maxLength(256)],
  });

  protected toggleCreate(): void {
    this.creating.update((open) => !open);
    this.createError.set(null);
  }

  protected create(): void {
    if (this.form.invalid || this.permissions().length === 0 || this.busy.active()) {
      this.form.markAllAsTouched();
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
          description: description || undefined,
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

  protected delete(role: RoleSummary): void {
    this.busy.track(this.api.deleteRole(role.id)).subscribe({
      next: () => {
        this.roles.update((roles) => roles.filter((r) => r.id !== role.id));
        this.snackBar.open(`Role ${role.name} deleted.`, undefined, { duration: 4000 });
      },
      error: (error: unknown) =>
        this.snackBar.open(apiErrorMessage(error, 'The role could not be deleted.'), 'Close'),
    });
  }
}
