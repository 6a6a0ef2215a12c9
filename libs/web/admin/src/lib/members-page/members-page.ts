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
import type { RoleSummary, UpdateUserRequest, UserStatus, UserSummary } from '@hyperion/contracts';
import { ACCOUNT_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { ConfirmButton, StatusBadge } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';

import { AdminApi } from '../admin-api';

/** Usernames: what the API accepts (lower-case letters, digits, `.`, `_`, `-`). */
const USERNAME = ACCOUNT_RULES.usernamePattern;

/** Which form is open above the table. */
type Panel = 'add' | 'create' | null;

/**
 * The members of the active organisation: list with their roles here; add an existing account
 * (username or email); create a new account; change roles; disable / enable an account; remove
 * a member from the organisation.
 */
@Component({
  selector: 'hyp-members-page',
  imports: [
    ConfirmButton,
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
  templateUrl: './members-page.html',
  styleUrl: '../admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MembersPage {
  private readonly api = inject(AdminApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly formBuilder = inject(NonNullableFormBuilder);

  protected readonly columns = ['user', 'email', 'roles', 'status', 'twoFactor', 'actions'];
  protected readonly members = loadResource<UserSummary[]>({
    load: () => this.api.listMembers(),
    initial: [],
    errorMessage: 'The members could not be loaded.',
  });
  protected readonly roles = loadResource<RoleSummary[]>({
    load: () => this.api.listRoles(),
    initial: [],
    errorMessage: 'The roles could not be loaded.',
  });
  protected readonly roleNames = computed(() => this.roles.value().map((role) => role.name));
  protected readonly organizationName = computed(
    () => this.auth.organization()?.name ?? 'this organisation',
  );
  protected readonly busy = busyFlag();
  protected readonly panel = signal<Panel>(null);
  /** The error of the open form. */
  protected readonly formError = signal<string | null>(null);
  /** The member whose roles are being edited, and the roles picked so far. */
  protected readonly editing = signal<{ id: string; roles: string[] } | null>(null);
  protected readonly currentUserId = computed(() => this.auth.currentUser()?.id ?? null);

  protected readonly addForm = this.formBuilder.group({
    login: ['', [Validators.required, Validators.maxLength(254)]],
    roles: [['viewer'] as string[], Validators.required],
  });

  protected readonly form = this.formBuilder.group({
    username: ['', [Validators.required, Validators.pattern(USERNAME)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    displayName: ['', [Validators.required, Validators.maxLength(128)]],
    password: [
      '',
      [
        Validators.required,
        Validators.minLength(ACCOUNT_RULES.passwordMinLength),
        Validators.maxLength(ACCOUNT_RULES.passwordMaxLength),
      ],
    ],
    roles: [['viewer'] as string[], Validators.required],
  });

  protected toggle(panel: Exclude<Panel, null>): void {
    this.panel.update((open) => (open === panel ? null : panel));
    this.formError.set(null);
  }

  /** Adds an existing account (404: no such account; 409: already a member). */
  protected addMember(): void {
    if (this.addForm.invalid || this.busy.active()) {
      this.addForm.markAllAsTouched();
      return;
    }
    const { login, roles } = this.addForm.getRawValue();
    this.formError.set(null);
    this.busy.track(this.api.addMember({ login: login.trim(), roles })).subscribe({
      next: (member) => {
        this.members.update((members) => [...members, member]);
        this.addForm.reset();
        this.panel.set(null);
        this.snackBar.open(`${member.username} is now a member.`, undefined, { duration: 4000 });
      },
      error: (error: unknown) =>
        this.formError.set(apiErrorMessage(error, 'The account could not be added.')),
    });
  }

  protected create(): void {
    if (this.form.invalid || this.busy.active()) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    this.formError.set(null);
    this.busy.track(this.api.createUser({ ...value, username: value.username.trim() })).subscribe({
      next: (user) => {
        this.members.update((members) => [...members, user]);
        this.form.reset();
        this.panel.set(null);
        this.snackBar.open(`User ${user.username} created.`, undefined, { duration: 4000 });
      },
      error: (error: unknown) =>
        this.formError.set(apiErrorMessage(error, 'The user could not be created.')),
    });
  }

  protected startEditing(member: UserSummary): void {
    this.editing.set({ id: member.id, roles: [...member.roles] });
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

  protected setStatus(member: UserSummary, status: UserStatus): void {
    this.update(
      member.id,
      { status },
      status === 'disabled' ? `${member.username} disabled.` : `${member.username} enabled.`,
    );
  }

  /** Out of this organisation (409 when it would leave nobody to administer it). */
  protected remove(member: UserSummary): void {
    this.busy.track(this.api.removeMember(member.id)).subscribe({
      next: () => {
        this.members.update((members) => members.filter((m) => m.id !== member.id));
        this.snackBar.open(
          `${member.username} is no longer a member of ${this.organizationName()}.`,
          undefined,
          { duration: 4000 },
        );
      },
      error: (error: unknown) =>
        this.snackBar.open(apiErrorMessage(error, 'The member could not be removed.'), 'Close'),
    });
  }

  private update(id: string, change: UpdateUserRequest, done: string): void {
    this.busy.track(this.api.updateUser(id, change)).subscribe({
      next: (updated) => {
        this.editing.set(null);
        this.members.update((members) =>
          members.map((member) => (member.id === updated.id ? updated : member)),
        );
        if (updated.id === this.currentUserId()) {
          // Your own roles here decide what the console offers you.
          this.auth.loadCurrentUser().subscribe({ error: () => undefined });
        }
        this.snackBar.open(done, undefined, { duration: 4000 });
      },
      error: (error: unknown) =>
        this.snackBar.open(apiErrorMessage(error, 'The change was refused.'), 'Close'),
    });
  }
}
