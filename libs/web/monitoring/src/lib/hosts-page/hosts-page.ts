import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { HostSummary } from '@hyperion/contracts';
import { loadResource } from '@hyperion/web/util';

import { HostApi } from '../host-api';

/** The hosts of the active organisation (loading, error with retry, empty, table). */
@Component({
  selector: 'hyp-hosts-page',
  imports: [DatePipe, MatButtonModule, MatProgressBarModule, MatTableModule],
  templateUrl: './hosts-page.html',
  styleUrl: './hosts-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HostsPage {
  private readonly api = inject(HostApi);

  protected readonly columns = ['name', 'updatedAt'];
  protected readonly hosts = loadResource<HostSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The hosts could not be loaded.',
  });
}
