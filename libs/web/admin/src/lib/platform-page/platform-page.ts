import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { OrganizationSummary, UpdateOrganizationRequest } from '@hyperion/contracts';
import { ORGANIZATION_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Autofocus, ConfirmButton, StatusBadge } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, errorStatus, loadResource } from '@hyperion/web/util';

import { PlatformApi } from '../platform-api';
import { ZonedTimePipe } from '../time/zoned-time.pipe';
import { suggestSlug } from './slug';

/** A name: required, not only spaces, within the contracts' length. */
const NAME_VALIDATORS: ValidatorFn[] = [
  Validators.required,
  Validators.pattern(/\S/),
  Validators.maxLength(ORGANIZATION_RULES.nameMaxLength),
];

/**
 * The instance's organisations (`platform:admin`): list with member counts, create (name and
 * slug, checked against the contracts' rules as you type), rename, disable / enable.
 */
@Component({
  selector: 'hyp-platform-page',
  imports: [
    Autofocus,
    ConfirmButton,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
    ReactiveFormsModule,
    StatusBadge,
    ZonedTimePipe,
  ],
  templateUrl: './platform-page.html',
  styleUrl: '../admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PlatformPage {
  private readonly api = inject(PlatformApi);
  private readonly auth = inject(AuthService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly formBuilder = inject(NonNullableFormBuilder);

  protected readonly rules = ORGANIZATION_RULES;
  protected readonly columns = ['name', 'slug', 'members', 'created', 'state', 'actions'];
  protected readonly organizations = loadResource<OrganizationSummary[]>({
    load: () => this.api.listOrganizations(),
    initial: [],
    errorMessage: 'The organisations could not be loaded.',
  });
  protected readonly busy = busyFlag();
  protected readonly creating = signal(false);
  protected readonly createError = signal<string | null>(null);
  /** The organisation being renamed. */
  protected readonly renaming = signal<string | null>(null);

  protected readonly form = this.formBuilder.group({
    name: ['', NAME_VALIDATORS],
    slug: ['', [Validators.required, Validators.pattern(ORGANIZATION_RULES.slugPattern)]],
  });
  protected readonly newName = this.formBuilder.control('', NAME_VALIDATORS);

  constructor() {
    // Until the user edits the slug, it follows the name.
    this.form.controls.name.valueChanges.pipe(takeUntilDestroyed()).subscribe((name) => {
      const slug = this.form.controls.slug;
      if (!slug.dirty) {
        slug.setValue(suggestSlug(name));
        if (name.trim() !== '') {
          slug.markAsTouched();
        }
      }
    });
  }

  protected toggleCreate(): void {
    this.creating.update((open) => !open);
    this.createError.set(null);
  }

  protected create(): void {
    if (this.form.invalid || this.busy.active()) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, slug } = this.form.getRawValue();
    this.createError.set(null);
    this.busy.track(this.api.createOrganization({ name: name.trim(), slug })).subscribe({
      next: (created) => {
        this.organizations.update((list) => [...list, created]);
        // Then the listing itself, whose member counts are the authoritative ones.
        this.organizations.reload();
        this.form.reset();
        this.creating.set(false);
        this.snackBar.open(
          `Organisation ${created.name} created. You are its admin: switch to it from the toolbar.`,
          undefined,
          { duration: 6000 },
        );
        this.reloadMyOrganizations();
      },
      error: (error: unknown) => {
        if (errorStatus(error) === 409) {
          this.form.controls.slug.setErrors({ taken: true });
        }
        this.createError.set(apiErrorMessage(error, 'The organisation could not be created.'));
      },
    });
  }

  protected startRenaming(organization: OrganizationSummary): void {
    this.newName.reset(organization.name);
    this.renaming.set(organization.id);
  }

  protected saveName(organization: OrganizationSummary): void {
    if (this.newName.invalid) {
      this.newName.markAsTouched();
      return;
    }
    const name = this.newName.value.trim();
    this.update(organization, { name }, `Renamed to ${name}.`);
  }

  protected setDisabled(organization: OrganizationSummary, disabled: boolean): void {
    this.update(
      organization,
      { disabled },
      disabled ? `${organization.name} disabled.` : `${organization.name} enabled.`,
    );
  }

  private update(
    organization: OrganizationSummary,
    change: UpdateOrganizationRequest,
    done: string,
  ): void {
    this.busy.track(this.api.updateOrganization(organization.id, change)).subscribe({
      next: (updated) => {
        this.renaming.set(null);
        this.organizations.update((list) =>
          list.map((item) => (item.id === updated.id ? updated : item)),
        );
        this.snackBar.open(done, undefined, { duration: 4000 });
        this.reloadMyOrganizations();
      },
      error: (error: unknown) =>
        this.snackBar.open(apiErrorMessage(error, 'The change was refused.'), 'Close'),
    });
  }

  /** The toolbar's organisation menu lists the user's memberships: names and new ones. */
  private reloadMyOrganizations(): void {
    this.auth.loadCurrentUser().subscribe({
      error: (error: unknown) =>
        this.snackBar.open(
          apiErrorMessage(error, 'Your list of organisations could not be refreshed.'),
          'Close',
        ),
    });
  }
}
