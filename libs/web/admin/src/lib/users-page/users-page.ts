import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { RoleSummary, UserStatus, UserSummary } from '@hyperion/contracts';
import { AuthService, apiErrorMessage } from '@hyperion/web/auth-data';
import { StatusBadge } from '@hyperion/web/ui';
import { forkJoin } from 'rxjs';

import { AdminApi } from '../admin-api';

/** Usernames: what the API accepts (lower-case letters, digits, `.`, `_`, `-`). */
const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Users: list, create, enable/disable, edit roles. */
@Component({
  selector: 'hyp-users-page',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatChipsModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    ReactiveFormsModule,
    StatusBadge,
  ],
  templateUrl: './users-page.html',
  styleUrl: '../admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly api = inject(AdminApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly columns = ['user', 'email', 'roles', 'status', 'twoFactor', 'actions'];
  protected readonly users = signal<UserSummary[]>([]);
  protected readonly roles = signal<RoleSummary[]>([]);
  protected readonly roleNames = computed(() => this.roles().map((role) => role.name));
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly busy = signal(false);
  protected readonly createError = signal<string | null>(null);
  /** The user whose roles are being edited, and the roles picked so far. */
  protected readonly editing = signal<{ id: string; roles: string[] } | null>(null);
  protected readonly currentUserId = computed(() => this.auth.currentUser()?.id ?? null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [Validators.required, Validators.pattern(USERNAME)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    displayName: ['', [Validators.required, Validators.maxLength(128)]],
    password: ['', [Validators.required, Validators.minLength(12), Validators.maxLength(128)]],
    roles: [['viewer'] as string[], Validators.required],
  });

  constructor() {
    this.reload();
  }

  protected reload(): void {
    this.loading.set(true);
    forkJoin({ users: this.api.listUsers(), roles: this.api.listRoles() }).subscribe({
      next: ({ users, roles }) => {
        this.users.set(users);
        this.roles.set(roles);
        this.loading.set(false);
        this.loadError.set(null);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadError.set(apiErrorMessage(error, 'The users could not be loaded.'));
      },
    });
  }

  protected toggleCreate(): void {
    this.creating.update((open) => !open);
    this.createError.set(null);
  }

  protected create(): void {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    this.busy.set(true);
    this.createError.set(null);
    this.api.createUser({ ...value, username: value.username.trim() }).subscribe({
      next: (user) => {
        this.busy.set(false);
        this.users.update((users) => [...users, user]);
        this.form.reset();
        this.creating.set(false);
        this.snackBar.open(`User ${user.username} created.`, undefined, { duration: 4000 });
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.createError.set(apiErrorMessage(error, 'The user could not be created.'));
      },
    });
  }

  protected startEditing(user: UserSummary): void {
    this.editing.set({ id: user.id, roles: [...user.roles] });
  }

  protected pickRoles(roles: string[]): void {
    this.editing.update((editing) => (editing ? { ...editing, roles } : editing));
  }

  protected saveRoles(): void {
    const editing = this.editing();
    if (!editing || editing.roles.length === 0) {
      return;
    }
    this.update(editing.id, { roles: editing.roles }, 'Roles saved.');
  }

  protected setStatus(user: UserSummary, status: UserStatus): void {
    this.update(
      user.id,
      { status },
      status === 'disabled' ? `${user.username} disabled.` : `${user.username} enabled.`,
    );
  }

  private update(
    id: string,
    change: { roles?: string[]; status?: UserStatus },
    done: string,
  ): void {
    this.busy.set(true);
    this.api.updateUser(id, change).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.editing.set(null);
        this.users.update((users) =>
          users.map((user) => (user.id === updated.id ? updated : user)),
        );
        this.snackBar.open(done, undefined, { duration: 4000 });
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.snackBar.open(apiErrorMessage(error, 'The change was refused.'), 'Close');
      },
    });
  }
}
