import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  FormControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import type {
  RoleSummary,
  UpdateUserRequest,
  UserPage,
  UserStatus,
  UserSummary,
} from '@hyperion/contracts';
import { ACCOUNT_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Autofocus, errorsAfterSubmit, StatusBadge } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';
import { debounceTime, distinctUntilChanged, interval, map } from 'rxjs';

import { AdminApi } from '../admin-api';
import { lockedUntilLabel } from '../time/zoned-time';
import { MemberActions } from './member-actions';
import {
  FIRST_PAGE,
  lastPageIfPast,
  MemberListQuery,
  memberQueryFromParams,
  memberQueryToParams,
  PAGE_SIZES,
  pageInfo,
  turnPage,
  userListQuery,
} from './member-list-query';
import { roleOptions } from './role-options';

/** Usernames: what the API accepts (lower-case letters, digits, `.`, `_`, `-`). */
const USERNAME = ACCOUNT_RULES.usernamePattern;
/** Typing pauses this long before the search runs. */
const SEARCH_DEBOUNCE_MS = 300;
/** How often "Locked until" badges are checked against the clock. */
const CLOCK_TICK_MS = 30_000;
const EMPTY_PAGE: UserPage = { items: [], total: 0 };

/** Which form is open above the table. */
type Panel = 'add' | 'create' | null;

/**
 * The members of the active organisation, searched and paged by the API (`?q=&offset=&limit=`,
 * kept in the URL): roles here; add an existing account; create a new one (no role chosen for
 * you); per member: edit roles, name and email, unlock, reset password, reset 2FA, disable (after
 * a confirmation naming them) / enable, remove from the organisation.
 */
@Component({
  selector: 'hyp-members-page',
  imports: [
    Autofocus,
    MatButtonModule,
    MatCardModule,
    MatChipsModule,
    MatFormFieldModule,
    MatInputModule,
    MatMenuModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    ReactiveFormsModule,
    StatusBadge,
  ],
  providers: [MemberActions, errorsAfterSubmit],
  templateUrl: './members-page.html',
  styleUrl: '../admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MembersPage {
  private readonly api = inject(AdminApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly actions = inject(MemberActions);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly formBuilder = inject(NonNullableFormBuilder);

  protected readonly columns = ['user', 'email', 'roles', 'status', 'twoFactor', 'actions'];
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly usernameHint = ACCOUNT_RULES.usernameHint;
  protected readonly passwordHint = `${ACCOUNT_RULES.passwordMinLength} to ${ACCOUNT_RULES.passwordMaxLength} characters`;

  /** The search and page the URL asks for. */
  protected readonly query = toSignal(
    this.route.queryParams.pipe(map((params) => memberQueryFromParams(params))),
    { initialValue: FIRST_PAGE },
  );
  protected readonly members = loadResource<UserPage>({
    load: () => this.api.listMembers(userListQuery(untracked(this.query))),
    initial: EMPTY_PAGE,
    errorMessage: 'The members could not be loaded.',
  });
  protected readonly page = computed(() =>
    pageInfo(this.query(), this.members.value().items.length, this.members.value().total),
  );
  protected readonly roles = loadResource<RoleSummary[]>({
    load: () => this.api.listRoles(),
    initial: [],
    errorMessage: 'The roles could not be loaded.',
  });
  /** Roles for the create and add forms: only those the user may hand out are enabled. */
  protected readonly roleChoices = computed(() =>
    roleOptions(this.roles.value(), this.auth.permissions()),
  );
  /** Roles for the member whose roles are edited (their current ones stay removable). */
  protected readonly editRoleChoices = computed(() =>
    roleOptions(this.roles.value(), this.auth.permissions(), this.editingRolesBefore()),
  );
  protected readonly notHeldHint = 'grants permissions you do not hold';
  protected readonly organizationName = computed(
    () => this.auth.organization()?.name ?? 'this organisation',
  );
  protected readonly busy = busyFlag();
  protected readonly panel = signal<Panel>(null);
  /** The error of the open form. */
  protected readonly formError = signal<string | null>(null);
  /** The member whose roles are being edited, and the roles picked so far. */
  protected readonly editing = signal<{ id: string; roles: string[] } | null>(null);
  private readonly editingRolesBefore = signal<string[]>([]);
  protected readonly currentUserId = computed(() => this.auth.currentUser()?.id ?? null);
  private readonly now = toSignal(interval(CLOCK_TICK_MS).pipe(map(() => new Date())), {
    initialValue: new Date(),
  });

  protected readonly search = new FormControl(untracked(this.query).q, { nonNullable: true });

  // No role is chosen for you: who gets which role is a decision, not a default.
  protected readonly addForm = this.formBuilder.group({
    login: ['', [Validators.required, Validators.maxLength(254)]],
    roles: [[] as string[], Validators.required],
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
    roles: [[] as string[], Validators.required],
  });

  constructor() {
    // The list follows the URL: a search, a page turn, the browser's back button.
    let loadedFor = JSON.stringify(untracked(this.query));
    effect(() => {
      const query = this.query();
      const key = JSON.stringify(query);
      if (key !== loadedFor) {
        loadedFor = key;
        untracked(() => this.members.reload());
      }
      if (query.q !== untracked(() => this.search.value.trim())) {
        this.search.setValue(query.q, { emitEvent: false });
      }
    });
    // A page past the end (its last members removed, an old link): the last page that has any.
    effect(() => {
      const { items, total } = this.members.value();
      const better = lastPageIfPast(untracked(this.query), items.length, total);
      if (better && !this.members.loading()) {
        untracked(() => this.show(better, true));
      }
    });
    this.search.valueChanges
      .pipe(
        debounceTime(SEARCH_DEBOUNCE_MS),
        map((q) => q.trim()),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((q) => {
        if (q !== this.query().q) {
          // Typing is one step in the history, not one per letter.
          this.show({ ...this.query(), q, offset: 0 }, true);
        }
      });
  }

  protected turnPage(direction: -1 | 1): void {
    this.show(turnPage(this.query(), direction));
  }

  protected setPageSize(limit: number): void {
    this.show({ ...this.query(), limit, offset: 0 });
  }

  protected lockLabel(member: UserSummary): string | null {
    return lockedUntilLabel(member.lockedUntil, this.now());
  }

  protected toggle(panel: Exclude<Panel, null>): void {
    this.panel.update((open) => (open === panel ? null : panel));
    this.formError.set(null);
  }

  /** Adds an existing account (404: no such account; 409: already a member). */
  protected addMember(): void {
    if (this.addForm.invalid || this.busy.active()) {
      return;
    }
    const { login, roles } = this.addForm.getRawValue();
    this.formError.set(null);
    this.busy.track(this.api.addMember({ login: login.trim(), roles })).subscribe({
      next: (member) => {
        this.members.reload();
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
      return;
    }
    const value = this.form.getRawValue();
    this.formError.set(null);
    this.busy.track(this.api.createUser({ ...value, username: value.username.trim() })).subscribe({
      next: (user) => {
        this.members.reload();
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
    this.editingRolesBefore.set([...member.roles]);
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

  /** Enabling is harmless; disabling signs the member out, hence a confirmation naming them. */
  protected setStatus(member: UserSummary, status: UserStatus): void {
    if (status === 'active') {
      this.update(member.id, { status }, `${member.username} enabled.`);
      return;
    }
    this.actions
      .disable(member, this.busy)
      .subscribe((changed) => this.patchMember(changed, `${member.username} disabled.`));
  }

  protected unlock(member: UserSummary): void {
    this.busy.track(this.api.unlockUser(member.id)).subscribe({
      next: () =>
        this.patchMember({ ...member, lockedUntil: null }, `${member.username} can sign in again.`),
      error: (error: unknown) =>
        this.snackBar.open(apiErrorMessage(error, 'The account could not be unlocked.'), 'Close'),
    });
  }

  protected resetTwoFactor(member: UserSummary): void {
    this.actions
      .resetTwoFactor(member, this.busy)
      .subscribe((changed) => this.patchMember(changed, `2FA of ${member.username} reset.`));
  }

  protected resetPassword(member: UserSummary): void {
    this.actions
      .resetPassword(member, this.busy)
      .subscribe((changed) =>
        this.patchMember(
          changed,
          `Temporary password set: ${member.username} must change it at the next sign-in.`,
        ),
      );
  }

  protected editDetails(member: UserSummary): void {
    this.actions
      .editDetails(member, this.busy)
      .subscribe((updated) => this.afterUpdate(updated, 'Saved.'));
  }

  protected remove(member: UserSummary): void {
    const organization = this.organizationName();
    this.actions.remove(member, organization, this.busy).subscribe(() => {
      this.members.reload();
      this.snackBar.open(
        `${member.username} is no longer a member of ${organization}.`,
        undefined,
        {
          duration: 4000,
        },
      );
    });
  }

  private show(query: MemberListQuery, replaceUrl = false): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: memberQueryToParams(query),
      queryParamsHandling: 'merge',
      replaceUrl,
    });
  }

  /** Shows the member as changed, and says what was done. */
  private patchMember(updated: UserSummary, done: string): void {
    this.members.update((page) => ({
      ...page,
      items: page.items.map((member) => (member.id === updated.id ? updated : member)),
    }));
    this.snackBar.open(done, undefined, { duration: 5000 });
  }

  private afterUpdate(updated: UserSummary, done: string): void {
    this.editing.set(null);
    this.patchMember(updated, done);
    if (updated.id === this.currentUserId()) {
      // Your own roles here decide what the console offers you.
      this.auth.loadCurrentUser().subscribe({ error: () => undefined });
    }
  }

  private update(id: string, change: UpdateUserRequest, done: string): void {
    this.busy.track(this.api.updateUser(id, change)).subscribe({
      next: (updated) => this.afterUpdate(updated, done),
      error: (error: unknown) =>
        this.snackBar.open(apiErrorMessage(error, 'The change was refused.'), 'Close'),
    });
  }
}
