import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { StatusPageSummary } from '@hyperion/contracts';
import { STATUS_PAGE_RULES, STATUS_PUBLIC_ROUTES } from '@hyperion/contracts';
import { ConfirmButton } from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';

import { StatusPageApi } from '../status-page-api';
import { FieldProblems, fieldProblems } from '../status-page-editor/field-problems';

/**
 * The status pages of the active organisation (loading, error with retry, empty, table), with a
 * form to create one and a confirmed delete per row.
 */
@Component({
  selector: 'hyp-status-pages-page',
  imports: [
    ConfirmButton,
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './status-pages-page.html',
  styleUrl: './status-pages-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusPagesPage {
  private readonly api = inject(StatusPageApi);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly rules = STATUS_PAGE_RULES;
  protected readonly publicPath = STATUS_PUBLIC_ROUTES.page;
  protected readonly columns = ['name', 'slug', 'published', 'updatedAt', 'actions'];
  protected readonly statusPages = loadResource<StatusPageSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The status pages could not be loaded.',
  });
  protected readonly busy = busyFlag();
  protected readonly problems = signal<FieldProblems>({ fields: {}, general: null });

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [
      '',
      [
        Validators.required,
        Validators.maxLength(STATUS_PAGE_RULES.nameMaxLength),
        Validators.pattern(STATUS_PAGE_RULES.namePattern),
      ],
    ],
    slug: ['', [Validators.required, Validators.pattern(STATUS_PAGE_RULES.slugPattern)]],
  });

  protected create(): void {
    this.problems.set({ fields: {}, general: null });
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy
      .track(this.api.create(this.form.getRawValue()))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (created) => {
          this.statusPages.update((rows) => [...rows, created]);
          this.form.reset();
        },
        error: (error: unknown) =>
          this.problems.set(
            fieldProblems(error, ['name', 'slug'], 'The page could not be created.'),
          ),
      });
  }

  protected remove(row: StatusPageSummary): void {
    this.busy
      .track(this.api.delete(row.id))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => this.statusPages.update((rows) => rows.filter((r) => r.id !== row.id)),
        error: (error: unknown) =>
          this.problems.set(fieldProblems(error, [], 'The page could not be deleted.')),
      });
  }
}
