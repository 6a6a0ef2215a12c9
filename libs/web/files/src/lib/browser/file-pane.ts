import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { FileEntry, FileListing, FileRootSummary } from '@hyperion/contracts';
import { FILE_RULES } from '@hyperion/contracts';
import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { apiErrorMessage } from '@hyperion/web/util';
import { Observable, concat, defer, firstValueFrom, last, toArray } from 'rxjs';

import { ConflictDialog, ConflictDialogData } from '../dialogs/conflict-dialog';
import { PreviewDialog, PreviewDialogData } from '../dialogs/preview-dialog';
import { PromptDialog, PromptDialogData } from '../dialogs/prompt-dialog';
import {
  EDITOR_MAX_BYTES,
  SortKey,
  SortOrder,
  baseName,
  breadcrumbs,
  imageType,
  isZip,
  joinPath,
  modeText,
  nameProblem,
  normalizePath,
  sizeText,
  sortEntries,
} from '../file-format';
import { FilesApi } from '../files-api';
import { ConflictChoice, UploadItem, UploadQueue } from '../uploads/upload-queue';
import {
  EMPTY_SELECTION,
  Selection,
  checkboxSelect,
  clickSelect,
  keepListed,
  selectAll,
} from './selection';

/** The last listing that arrived, kept on screen when a refresh fails. */
interface Shown {
  readonly path: string;
  readonly listing: FileListing;
  readonly at: number;
}

/** What the last action said (above the listing). */
interface Notice {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

/** Inline icons (24×24 path data): the console fetches no icon font. */
const ICONS = {
  directory:
    'M10 4H4c-1.1 0-1.99.9-1.99 2L2 18c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2h-8l-2-2z',
  file: 'M14 2H6c-1.1 0-1.99.9-1.99 2L4 20c0 1.1.89 2 1.99 2H18c1.1 0 2-.9 2-2V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2zm-3-5V3.5L18.5 9H13z',
  symlink:
    'M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76 0-5 2.24-5 5s2.24 5 5 5h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4c2.76 0 5-2.24 5-5s-2.24-5-5-5z',
} as const;

/** Saves `blob` as `name` through a temporary object URL. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * One pane of the file browser: a directory of a root with its breadcrumbs, a sortable listing,
 * multi-selection (checkboxes, click, Shift-click, Ctrl-click, keyboard), the actions on the
 * selection, uploads dropped on it or picked, with their progress and the conflict dialog. With
 * a second pane open (`otherPath`), copy and move go there.
 */
@Component({
  selector: 'hyp-file-pane',
  imports: [DatePipe, MatButtonModule, MatProgressBarModule],
  templateUrl: './file-pane.html',
  styleUrl: './file-pane.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class.dragging]': 'dragging()',
    '(dragenter)': 'dragOver($event)',
    '(dragover)': 'dragOver($event)',
    '(dragleave)': 'dragLeave($event)',
    '(drop)': 'drop($event)',
  },
})
export class FilePane {
  private readonly api = inject(FilesApi);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly root = input.required<FileRootSummary>();
  /** The directory shown, relative to the root. */
  readonly path = input.required<string>();
  /** Whether write actions are offered (files:write and a writable root). */
  readonly canWrite = input(false);
  /** The other pane's directory, when two are open: copy and move go there. */
  readonly otherPath = input<string | null>(null);
  /** Changed by the page when something changed elsewhere: the listing loads again. */
  readonly refresh = input(0);
  /** Prefix of the test ids ("file-" for the first pane, "file2-" for the second). */
  readonly prefix = input('file-');
  /** Label of the pane for screen readers ("Left pane"). */
  readonly label = input('Files');

  /** Another directory was opened. */
  readonly navigate = output<string>();
  /** A file should open in the editor. */
  readonly edit = output<string>();
  /** Something was written (the other pane may show it). */
  readonly changed = output<void>();

  protected readonly sizeText = sizeText;
  protected readonly modeText = modeText;
  protected readonly isZip = isZip;

  private readonly picker = viewChild<ElementRef<HTMLInputElement>>('picker');

  private readonly tick = signal(0);
  private readonly listing = rxResource<FileListing, { rootId: string; path: string; n: string }>({
    params: () => ({
      rootId: this.root().id,
      path: this.path(),
      n: `${this.refresh()}:${this.tick()}`,
    }),
    stream: ({ params }) => this.api.list(params.rootId, params.path),
  });
  private readonly shown = signal<Shown | null>(null);

  protected readonly loading = this.listing.isLoading;
  /** The listing failed: its reason. */
  protected readonly error = computed(() => {
    const failure = this.listing.error();
    if (!failure || this.loading()) return null;
    return apiErrorMessage((failure as Error).cause ?? failure, 'The folder could not be listed.');
  });
  /** The listing on screen is this directory's, from before a refresh that failed. */
  protected readonly stale = computed(
    () => this.error() !== null && this.shown()?.path === this.path(),
  );
  protected readonly entries = computed<readonly FileEntry[]>(() => {
    const shown = this.shown();
    return shown && shown.path === this.path() ? shown.listing.entries : [];
  });
  protected readonly staleSince = computed(() => this.shown()?.at ?? null);

  protected readonly sort = signal<SortOrder>({ key: 'name', direction: 'asc' });
  protected readonly rows = computed(() => sortEntries(this.entries(), this.sort()));
  private readonly order = computed(() => this.rows().map((e) => e.name));
  protected readonly crumbs = computed(() => breadcrumbs(this.root().name, this.path()));

  protected readonly selection = signal<Selection>(EMPTY_SELECTION);
  protected readonly selected = computed(() =>
    this.rows().filter((e) => this.selection().names.has(e.name)),
  );
  protected readonly single = computed(() => {
    const selected = this.selected();
    return selected.length === 1 ? selected[0] : null;
  });
  protected readonly allSelected = computed(
    () => this.rows().length > 0 && this.selected().length === this.rows().length,
  );
  /** The row holding the keyboard focus (roving tabindex). */
  protected readonly focused = signal(0);

  protected readonly notice = signal<Notice | null>(null);
  protected readonly busy = signal(false);
  protected readonly dragging = signal(false);

  protected readonly uploads = new UploadQueue({
    api: this.api,
    resolve: (item, existing) => this.askConflict(item, existing),
    written: () => {
      this.tick.update((n) => n + 1);
      this.changed.emit();
    },
  });

  constructor() {
    effect(() => {
      const value = this.listing.hasValue() ? this.listing.value() : undefined;
      const path = this.path();
      if (value && normalizePath(value.path) === path) {
        untracked(() => this.shown.set({ path, listing: value, at: Date.now() }));
      }
    });
    // A new directory: nothing selected, focus on its first row; a refresh keeps what is listed.
    effect(() => {
      this.path();
      untracked(() => {
        this.selection.set(EMPTY_SELECTION);
        this.focused.set(0);
        this.notice.set(null);
      });
    });
    effect(() => {
      const order = this.order();
      untracked(() => this.selection.update((s) => keepListed(s, order)));
    });
    this.destroyRef.onDestroy(() => this.uploads.destroy());
  }

  protected iconOf(entry: FileEntry): string {
    return entry.type === 'directory'
      ? ICONS.directory
      : entry.type === 'symlink'
        ? ICONS.symlink
        : ICONS.file;
  }

  protected id(name: string): string {
    return `${this.prefix()}${name}`;
  }

  protected reload(): void {
    this.tick.update((n) => n + 1);
  }

  protected sortBy(key: SortKey): void {
    this.sort.update((s) =>
      s.key === key
        ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' }
        : { key, direction: key === 'name' ? 'asc' : 'desc' },
    );
  }

  protected ariaSort(key: SortKey): string {
    const s = this.sort();
    return s.key !== key ? 'none' : s.direction === 'asc' ? 'ascending' : 'descending';
  }

  // --- selection -------------------------------------------------------------------------

  protected rowClick(event: MouseEvent, entry: FileEntry, index: number): void {
    this.focused.set(index);
    this.selection.set(
      clickSelect(this.selection(), this.order(), entry.name, {
        shift: event.shiftKey,
        toggle: event.ctrlKey || event.metaKey,
      }),
    );
    if (event.shiftKey) document.getSelection()?.removeAllRanges();
  }

  protected checkboxClick(event: MouseEvent, entry: FileEntry, index: number): void {
    event.stopPropagation();
    this.focused.set(index);
    this.selection.set(checkboxSelect(this.selection(), this.order(), entry.name, event.shiftKey));
  }

  protected toggleAll(): void {
    this.selection.set(this.allSelected() ? EMPTY_SELECTION : selectAll(this.order()));
  }

  /** Arrows move, Shift+arrows extend, Space toggles, Enter opens, Ctrl+A all, Delete deletes. */
  protected keydown(event: KeyboardEvent): void {
    const rows = this.rows();
    if (rows.length === 0) return;
    const at = Math.min(this.focused(), rows.length - 1);
    const move = (to: number) => {
      const index = Math.max(0, Math.min(rows.length - 1, to));
      this.focused.set(index);
      const entry = rows[index];
      if (event.shiftKey) {
        this.selection.set(
          clickSelect(this.selection(), this.order(), entry.name, { shift: true, toggle: false }),
        );
      }
      this.focusRow(index);
    };
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        move(at + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        move(at - 1);
        break;
      case 'Home':
        event.preventDefault();
        move(0);
        break;
      case 'End':
        event.preventDefault();
        move(rows.length - 1);
        break;
      case ' ':
        if ((event.target as HTMLElement).tagName === 'TR') {
          event.preventDefault();
          this.selection.set(
            checkboxSelect(this.selection(), this.order(), rows[at].name, event.shiftKey),
          );
        }
        break;
      case 'Enter':
        if ((event.target as HTMLElement).tagName === 'TR') {
          event.preventDefault();
          this.open(rows[at]);
        }
        break;
      case 'a':
      case 'A':
        if (event.ctrlKey || event.metaKey) {
          event.preventDefault();
          this.selection.set(selectAll(this.order()));
        }
        break;
      case 'Delete':
        if (this.canWrite() && this.selected().length > 0) {
          event.preventDefault();
          this.remove();
        }
        break;
    }
  }

  private focusRow(index: number): void {
    setTimeout(() =>
      this.host.nativeElement.querySelectorAll<HTMLElement>('tbody tr')[index]?.focus(),
    );
  }

  // --- opening ---------------------------------------------------------------------------

  /** A directory opens; an image previews; a small file opens in the editor; else downloads. */
  protected open(entry: FileEntry): void {
    if (entry.type === 'directory') {
      this.navigate.emit(entry.path);
    } else if (entry.type !== 'file') {
      this.notice.set({
        kind: 'error',
        text: `“${entry.name}” is a ${entry.type === 'symlink' ? 'symbolic link' : 'special file'}: Hyperion does not open those.`,
      });
    } else if (imageType(entry.name)) {
      this.preview(entry);
    } else if (entry.size <= EDITOR_MAX_BYTES) {
      this.edit.emit(entry.path);
    } else {
      this.download(entry);
    }
  }

  protected canEdit(entry: FileEntry | null): boolean {
    return (
      !!entry && entry.type === 'file' && entry.size <= EDITOR_MAX_BYTES && !imageType(entry.name)
    );
  }

  private preview(entry: FileEntry): void {
    this.run(
      this.api.download(this.root().id, entry.path),
      `“${entry.name}” could not be read.`,
      (blob) => {
        const typed = new Blob([blob], {
          type: imageType(entry.name) ?? 'application/octet-stream',
        });
        this.dialog.open<PreviewDialog, PreviewDialogData>(PreviewDialog, {
          data: { name: entry.name, blob: typed },
          maxWidth: '95vw',
        });
      },
    );
  }

  protected download(entry: FileEntry | null = this.single()): void {
    if (!entry) return;
    if (entry.type === 'directory') {
      this.run(
        this.api.archive(this.root().id, entry.path),
        `“${entry.name}” could not be zipped.`,
        (blob) => saveBlob(blob, `${entry.name}.zip`),
      );
      return;
    }
    this.run(
      this.api.download(this.root().id, entry.path),
      `“${entry.name}” could not be downloaded.`,
      (blob) => saveBlob(blob, entry.name),
    );
  }

  // --- writing ---------------------------------------------------------------------------

  protected newFolder(): void {
    const dir = this.path();
    this.prompt(
      {
        title: 'New folder',
        lead: `In /${dir}`,
        label: 'Name',
        value: '',
        confirmLabel: 'Create folder',
        check: nameProblem,
        action: (name) => this.api.mkdir(this.root().id, joinPath(dir, name)),
        errorFallback: 'The folder could not be created.',
        testId: `${this.prefix()}mkdir-dialog`,
      },
      (entry) => `Folder “${baseName((entry as FileEntry).path)}” created.`,
    );
  }

  protected rename(): void {
    const entry = this.single();
    if (!entry) return;
    const dir = this.path();
    this.prompt(
      {
        title: `Rename “${entry.name}”`,
        label: 'New name',
        value: entry.name,
        confirmLabel: 'Rename',
        check: (name) =>
          nameProblem(name) ?? (name === entry.name ? 'That is its name already.' : null),
        action: (name) => this.api.rename(this.root().id, entry.path, joinPath(dir, name)),
        errorFallback: `“${entry.name}” could not be renamed.`,
        testId: `${this.prefix()}rename-dialog`,
      },
      (done) => `Renamed to “${(done as FileEntry).name}”.`,
    );
  }

  protected chmod(): void {
    const entries = this.selected();
    if (entries.length === 0) return;
    const many = entries.length > 1;
    this.prompt(
      {
        title: many
          ? `Permissions of ${entries.length} entries`
          : `Permissions of “${entries[0].name}”`,
        label: 'Mode (octal)',
        value: many ? '' : entries[0].mode.replace(/^0(?=[0-7]{3}$)/, ''),
        hint: `${FILE_RULES.modeHint.charAt(0).toUpperCase()}${FILE_RULES.modeHint.slice(1)}.`,
        confirmLabel: 'Change permissions',
        check: (mode) =>
          FILE_RULES.modePattern.test(mode) && parseInt(mode, 8) <= 0o777
            ? null
            : `Octal permission bits such as 644 or 0755, at most 0777.`,
        action: (mode) => this.each(entries, (e) => this.api.chmod(this.root().id, e.path, mode)),
        errorFallback: 'The permissions could not be changed.',
        testId: `${this.prefix()}chmod-dialog`,
      },
      () =>
        many
          ? `Permissions of ${entries.length} entries changed.`
          : `Permissions of “${entries[0].name}” changed.`,
    );
  }

  /** Copy or move the selection into the other pane, or (one pane) into a directory typed. */
  protected transfer(kind: 'copy' | 'move'): void {
    const entries = this.selected();
    if (entries.length === 0) return;
    const verb = kind === 'copy' ? 'Copy' : 'Move';
    const send = (dir: string) =>
      this.each(entries, (e) =>
        kind === 'copy'
          ? this.api.copy(this.root().id, e.path, joinPath(dir, e.name))
          : this.api.rename(this.root().id, e.path, joinPath(dir, e.name)),
      );
    const what = entries.length === 1 ? `“${entries[0].name}”` : `${entries.length} entries`;
    const other = this.otherPath();
    if (other !== null) {
      if (other === this.path()) {
        this.notice.set({
          kind: 'error',
          text: 'Both panes show the same folder: open another one in the other pane first.',
        });
        return;
      }
      this.run(send(other), `${what} could not be ${kind === 'copy' ? 'copied' : 'moved'}.`, () => {
        this.notice.set({
          kind: 'ok',
          text: `${what} ${kind === 'copy' ? 'copied' : 'moved'} to /${other}.`,
        });
        this.reload();
        this.changed.emit();
      });
      return;
    }
    this.prompt(
      {
        title: `${verb} ${what}`,
        lead: `Into which folder of “${this.root().name}”? (“/” is the root.)`,
        label: 'Folder',
        value: `/${this.path()}`,
        confirmLabel: verb,
        check: (dir) =>
          normalizePath(dir) === this.path()
            ? 'That is the folder they are in: choose another.'
            : null,
        action: (dir) => send(normalizePath(dir)),
        errorFallback: `${what} could not be ${kind === 'copy' ? 'copied' : 'moved'}.`,
        testId: `${this.prefix()}${kind}-dialog`,
      },
      () => `${what} ${kind === 'copy' ? 'copied' : 'moved'}.`,
    );
  }

  protected remove(): void {
    const entries = this.selected();
    if (entries.length === 0) return;
    const dirs = entries.filter((e) => e.type === 'directory').length;
    const what = entries.length === 1 ? `“${entries[0].name}”` : `${entries.length} entries`;
    const data: ConfirmDialogData = {
      title: `Delete ${what}?`,
      paragraphs: [
        entries.length === 1
          ? `/${entries[0].path} is deleted from “${this.root().name}”.`
          : `Deleted from “${this.root().name}”: ${entries.map((e) => e.name).join(', ')}.`,
        ...(dirs > 0 ? ['Folders are deleted with everything in them.'] : []),
        'This cannot be undone.',
      ],
      confirmLabel: `Delete ${what}`,
      danger: true,
      action: () =>
        this.each(entries, (e) => this.api.delete(this.root().id, e.path, e.type === 'directory')),
      errorFallback: `${what} could not be deleted.`,
      testId: `${this.prefix()}delete-dialog`,
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, autoFocus: 'dialog' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((done) => {
        if (!done) return;
        this.notice.set({ kind: 'ok', text: `${what} deleted.` });
        this.reload();
        this.changed.emit();
      });
  }

  protected extract(): void {
    const entry = this.single();
    if (!entry) return;
    const dir = this.path();
    this.prompt(
      {
        title: `Extract “${entry.name}”`,
        lead: 'Into a new folder (or an empty one). An archive with entries that exist there, that escape it or that are links is refused as a whole.',
        label: 'Folder',
        value: `/${joinPath(dir, entry.name.replace(/\.zip$/i, ''))}`,
        confirmLabel: 'Extract',
        check: () => null,
        action: (to) => this.api.extract(this.root().id, entry.path, normalizePath(to)),
        errorFallback: `“${entry.name}” could not be extracted.`,
        testId: `${this.prefix()}extract-dialog`,
      },
      (result) => {
        const r = result as { files: number; directories: number; bytes: number; to: string };
        return `Extracted ${r.files} file${r.files === 1 ? '' : 's'} and ${r.directories} folder${r.directories === 1 ? '' : 's'} (${sizeText(r.bytes)}) into /${r.to}.`;
      },
    );
  }

  // --- uploads ---------------------------------------------------------------------------

  protected pick(): void {
    this.picker()?.nativeElement.click();
  }

  protected picked(input: HTMLInputElement): void {
    const files = Array.from(input.files ?? []);
    input.value = '';
    this.upload(files);
  }

  protected dragOver(event: DragEvent): void {
    if (!this.canWrite() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging.set(true);
  }

  protected dragLeave(event: DragEvent): void {
    const to = event.relatedTarget as Node | null;
    if (!to || !this.host.nativeElement.contains(to)) this.dragging.set(false);
  }

  protected drop(event: DragEvent): void {
    if (!this.canWrite() || !event.dataTransfer) return;
    event.preventDefault();
    this.dragging.set(false);
    const items = Array.from(event.dataTransfer.items ?? []);
    const folders = items.filter((i) => i.kind === 'file' && i.webkitGetAsEntry?.()?.isDirectory);
    const files = Array.from(event.dataTransfer.files).filter(
      (_, index) => !folders.includes(items[index]),
    );
    if (folders.length > 0) {
      this.notice.set({
        kind: 'error',
        text: 'Folders are not uploaded: drop the files themselves (or a zip, then extract it).',
      });
    }
    this.upload(files);
  }

  private upload(files: readonly File[]): void {
    if (files.length === 0 || !this.canWrite()) return;
    const listed = new Map(this.entries().map((e) => [e.name, e]));
    this.uploads.add({ rootId: this.root().id, dir: this.path(), listed }, files);
  }

  private askConflict(item: UploadItem, existing: FileEntry | null): Promise<ConflictChoice> {
    const data: ConflictDialogData = {
      name: item.name,
      path: `/${item.path}`,
      size: item.size,
      existing,
      more: this.uploads.pending() > 1,
    };
    return firstValueFrom(
      this.dialog
        .open<ConflictDialog, ConflictDialogData, ConflictChoice>(ConflictDialog, {
          data,
          autoFocus: 'dialog',
        })
        .afterClosed(),
    ).then((choice) => choice ?? { action: 'skip', applyToAll: false });
  }

  protected uploadState(item: UploadItem): string {
    switch (item.state) {
      case 'queued':
        return 'Waiting';
      case 'uploading':
        return `${sizeText(item.loaded)} of ${sizeText(item.size)}`;
      case 'done':
        return item.replaced ? 'Replaced' : 'Uploaded';
      case 'skipped':
        return 'Skipped';
      case 'cancelled':
        return 'Cancelled';
      default:
        return 'Failed';
    }
  }

  protected percent(item: UploadItem): number {
    if (item.state === 'done') return 100;
    return item.size === 0 ? 0 : Math.round((item.loaded / item.size) * 100);
  }

  // --- plumbing --------------------------------------------------------------------------

  /** The requests one after the other (stops at the first refusal), as one. */
  private each<T>(entries: readonly FileEntry[], request: (entry: FileEntry) => Observable<T>) {
    return concat(...entries.map((e) => defer(() => request(e)))).pipe(toArray(), last());
  }

  private run<T>(request: Observable<T>, fallback: string, done: (value: T) => void): void {
    this.busy.set(true);
    this.notice.set(null);
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (value) => done(value),
      error: (error: unknown) => {
        this.busy.set(false);
        this.notice.set({ kind: 'error', text: apiErrorMessage(error, fallback) });
        // Part of a batch may have been done before the refusal.
        this.reload();
      },
      complete: () => this.busy.set(false),
    });
  }

  private prompt(data: PromptDialogData, said: (answer: unknown) => string): void {
    this.notice.set(null);
    this.dialog
      .open<PromptDialog, PromptDialogData, unknown>(PromptDialog, { data })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((answer) => {
        if (answer === undefined) {
          // Cancelled; a batch may have been partly done before a refusal.
          this.reload();
          return;
        }
        this.notice.set({ kind: 'ok', text: said(answer) });
        this.reload();
        this.changed.emit();
      });
  }
}
