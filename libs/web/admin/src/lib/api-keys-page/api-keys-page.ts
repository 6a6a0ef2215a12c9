import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { ApiKeySummary, CreatedApiKey, Permission } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Autofocus, ConfirmButton, errorsAfterSubmit, StatusBadge } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';

import { AdminApi } from '../admin-api';
import { PermissionPicker } from '../permission-picker/permission-picker';
import { ZonedTimePipe } from '../time/zoned-time.pipe';

/** The list keeps no secret: only the "created" card shows it, until dismissed. */
function withoutSecret(created: CreatedApiKey): ApiKeySummary {
  const { id, name, prefix, permissions, createdAt, lastUsedAt, revokedAt } = created;
  return { id, name, prefix, permissions, createdAt, lastUsedAt, revokedAt };
}

/** API keys for machine clients: list, create (the key is shown once), revoke. */
@Component({
  selector: 'hyp-api-keys-page',
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
    StatusBadge,
    ZonedTimePipe,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './api-keys-page.html',
  styleUrl: '../admin-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiKeysPage {
  private readonly api = inject(AdminApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clipboard = inject(Clipboard);

  protected readonly columns = ['name', 'permissions', 'created', 'lastUsed', 'status', 'actions'];
  protected readonly keys = loadResource<ApiKeySummary[]>({
    load: () => this.api.listApiKeys(),
    initial: [],
    errorMessage: 'The API keys could not be loaded.',
  });
  /** A key can hold only permissions its creator holds. */
  protected readonly held = inject(AuthService).permissions;
  protected readonly creating = signal(false);
  protected readonly busy = busyFlag();
  protected readonly createError = signal<string | null>(null);
  protected readonly permissions = signal<readonly Permission[]>([]);
  /** The key just created: its secret is shown this once. */
  protected readonly created = signal<CreatedApiKey | null>(null);
  protected readonly copied = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(128)]],
  });

  protected toggleCreate(): void {
    this.creating.update((open) => !open);
    this.createError.set(null);
  }

  protected create(): void {
    if (this.form.invalid || this.permissions().length === 0 || this.busy.active()) {
      this.createError.set(
        this.permissions().length === 0 ? 'Pick at least one permission.' : null,
      );
      return;
    }
    this.createError.set(null);
    this.busy
      .track(
        this.api.createApiKey({
          name: this.form.getRawValue().name.trim(),
          permissions: [...this.permissions()],
        }),
      )
      .subscribe({
        next: (created) => {
          this.keys.update((keys) => [withoutSecret(created), ...keys]);
          this.created.set(created);
          this.copied.set(false);
          this.form.reset();
          this.permissions.set([]);
          this.creating.set(false);
        },
        error: (error: unknown) =>
          this.createError.set(apiErrorMessage(error, 'The API key could not be created.')),
      });
  }

  protected copyKey(): void {
    const created = this.created();
    if (created) {
      this.copied.set(this.clipboard.copy(created.key));
    }
  }

  protected revoke(key: ApiKeySummary): void {
    this.busy.track(this.api.revokeApiKey(key.id)).subscribe({
      next: () => {
        const revokedAt = new Date().toISOString();
        this.keys.update((keys) => keys.map((k) => (k.id === key.id ? { ...k, revokedAt } : k)));
        this.snackBar.open(`API key ${key.name} revoked.`, undefined, { duration: 4000 });
      },
      error: (error: unknown) =>
        this.snackBar.open(apiErrorMessage(error, 'The API key could not be revoked.'), 'Close'),
    });
  }
}
