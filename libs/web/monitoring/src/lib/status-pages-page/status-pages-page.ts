import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { StatusPageSummary } from '@hyperion/contracts';
import { loadResource } from '@hyperion/web/util';

import { StatusPageApi } from '../status-page-api';

/** The status pages of the active organisation (loading, error with retry, empty, table). */
@Component({
  selector: 'hyp-status-pages-page',
  imports: [DatePipe, MatButtonModule, MatProgressBarModule, MatTableModule],
  templateUrl: './status-pages-page.html',
  styleUrl: './status-pages-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusPagesPage {
  private readonly api = inject(StatusPageApi);

  protected readonly columns = ['name', 'updatedAt'];
  protected readonly statusPages = loadResource<StatusPageSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The status pages could not be loaded.',
  });
}
