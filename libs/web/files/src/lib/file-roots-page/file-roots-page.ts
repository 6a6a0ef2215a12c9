import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { FileRootSummary } from '@hyperion/contracts';
import { FILE_ROOT_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { loadResource } from '@hyperion/web/util';

import { sizeText } from '../file-format';
import { FileRootApi } from '../file-root-api';

/**
 * The file roots the user's role sees (`/files`): pick one to browse it. With files:admin, also
 * where roots are declared, changed and deleted.
 */
@Component({
  selector: 'hyp-file-roots-page',
  imports: [MatButtonModule, MatProgressBarModule, MatTableModule, RouterLink],
  templateUrl: './file-roots-page.html',
  styleUrl: './file-roots-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileRootsPage {
  private readonly api = inject(FileRootApi);
  private readonly auth = inject(AuthService);

  protected readonly canAdmin = computed(() =>
    this.auth.hasPermission(FILE_ROOT_PERMISSIONS.write),
  );
  protected readonly columns = computed(() => [
    'name',
    'where',
    'access',
    'maxUpload',
    ...(this.canAdmin() ? ['actions'] : []),
  ]);
  protected readonly fileRoots = loadResource<FileRootSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The file roots could not be loaded.',
  });

  protected maxUploadText(root: FileRootSummary): string {
    return root.maxUploadBytes === null ? 'Instance limit' : sizeText(root.maxUploadBytes);
  }

  protected accessText(root: FileRootSummary): string {
    const roles = root.allowedRoles.length === 0 ? 'every role' : root.allowedRoles.join(', ');
    return `${root.readOnly ? 'Read-only' : 'Read and write'} · ${roles}`;
  }
}
