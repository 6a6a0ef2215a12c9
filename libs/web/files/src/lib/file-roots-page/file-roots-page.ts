import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { FileRootSummary } from '@hyperion/contracts';
import { loadResource } from '@hyperion/web/util';

import { FileRootApi } from '../file-root-api';

/** The file roots of the active organisation (loading, error with retry, empty, table). */
@Component({
  selector: 'hyp-file-roots-page',
  imports: [DatePipe, MatButtonModule, MatProgressBarModule, MatTableModule],
  templateUrl: './file-roots-page.html',
  styleUrl: './file-roots-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileRootsPage {
  private readonly api = inject(FileRootApi);

  protected readonly columns = ['name', 'updatedAt'];
  protected readonly fileRoots = loadResource<FileRootSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The file roots could not be loaded.',
  });
}
