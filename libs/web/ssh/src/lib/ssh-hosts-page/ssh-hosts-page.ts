import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { SshHostSummary } from '@hyperion/contracts';
import { loadResource } from '@hyperion/web/util';

import { SshHostApi } from '../ssh-host-api';

/** The ssh hosts of the active organisation (loading, error with retry, empty, table). */
@Component({
  selector: 'hyp-ssh-hosts-page',
  imports: [DatePipe, MatButtonModule, MatProgressBarModule, MatTableModule],
  templateUrl: './ssh-hosts-page.html',
  styleUrl: './ssh-hosts-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SshHostsPage {
  private readonly api = inject(SshHostApi);

  protected readonly columns = ['name', 'updatedAt'];
  protected readonly sshHosts = loadResource<SshHostSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The ssh hosts could not be loaded.',
  });
}
