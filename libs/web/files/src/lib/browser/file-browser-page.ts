import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { FileRootSummary } from '@hyperion/contracts';
import { FILE_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { loadResource } from '@hyperion/web/util';

import { normalizePath, sizeText } from '../file-format';
import { FileRootApi } from '../file-root-api';
import { FilePane } from './file-pane';

/**
 * A root's files (`/files/:rootId?path=`): one pane, or two side by side to copy and move
 * between folders. The first pane's folder is in the URL (back and forward walk it); write
 * actions show only with files:write on a writable root (the API refuses the rest anyway).
 */
@Component({
  selector: 'hyp-file-browser-page',
  imports: [FilePane, MatButtonModule, MatProgressBarModule, RouterLink],
  templateUrl: './file-browser-page.html',
  styleUrl: './file-browser-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileBrowserPage {
  private readonly roots = inject(FileRootApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** The route's `:rootId`. */
  readonly rootId = input.required<string>();
  /** The query's `path`: the first pane's folder. */
  readonly path = input<string | undefined>();

  protected readonly sizeText = sizeText;
  protected readonly root = loadResource<FileRootSummary | null>({
    load: () => this.roots.get(untracked(this.rootId)),
    initial: null,
    errorMessage: 'The file root could not be loaded.',
  });

  protected readonly firstPath = computed(() => normalizePath(this.path()));
  /** The second pane's folder; null while there is one pane. */
  protected readonly secondPath = signal<string | null>(null);
  /** Bumped after a change in one pane, so the other lists again. */
  protected readonly changes = signal(0);

  protected readonly canWrite = computed(
    () => this.auth.hasPermission(FILE_PERMISSIONS.write) && !this.root.value()?.readOnly,
  );
  protected readonly writeNote = computed(() => {
    const root = this.root.value();
    if (!root) return null;
    if (root.readOnly)
      return 'This root is read-only: files can be viewed and downloaded, not changed.';
    if (!this.auth.hasPermission(FILE_PERMISSIONS.write)) {
      return 'You can view and download files here; changing them needs the files:write permission.';
    }
    return null;
  });

  protected openFirst(path: string): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { path: path === '' ? null : path },
    });
  }

  protected toggleSecond(): void {
    this.secondPath.update((p) => (p === null ? this.firstPath() : null));
  }

  protected edit(path: string): void {
    void this.router.navigate(['edit'], { relativeTo: this.route, queryParams: { path } });
  }

  protected changed(): void {
    this.changes.update((n) => n + 1);
  }
}
