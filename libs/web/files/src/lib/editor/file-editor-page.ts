import { HttpErrorResponse, HttpEventType } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import type { FileEntry, FileRootSummary } from '@hyperion/contracts';
import { FILE_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { apiErrorMessage, loadResource } from '@hyperion/web/util';
import { basicSetup } from 'codemirror';
import { Observable, filter, forkJoin, from, map, switchMap, throwError } from 'rxjs';

import { saveBlob } from '../browser/file-pane';
import {
  EDITOR_MAX_BYTES,
  baseName,
  looksLikeText,
  normalizePath,
  parentPath,
  sizeText,
} from '../file-format';
import { FileRootApi } from '../file-root-api';
import { FilesApi } from '../files-api';
import { HoldsUnsavedChanges } from './unsaved-changes.guard';

/** The bytes of a blob (FileReader: every browser, and the specs' DOM, have it). */
function readBytes(blob: Blob): Observable<ArrayBuffer> {
  return new Observable<ArrayBuffer>((subscriber) => {
    const reader = new FileReader();
    reader.onload = () => {
      subscriber.next(reader.result as ArrayBuffer);
      subscriber.complete();
    };
    reader.onerror = () =>
      subscriber.error(reader.error ?? new Error('The file could not be read.'));
    reader.readAsArrayBuffer(blob);
    return () => reader.abort();
  });
}

/** What the editor opened: the text, or why it is no text it opens. */
interface Opened {
  readonly root: FileRootSummary;
  readonly entry: FileEntry;
  readonly text: string | null;
  readonly refusal: string | null;
}

/** Said when the file changed on the server since it was opened. */
export const CHANGED_ON_DISK =
  'This file changed on disk since you opened it. Reload it (your changes here are lost), or overwrite it with your version.';

/**
 * A text file of a root in CodeMirror (`/files/:rootId/edit?path=`), up to 1 MiB and only when
 * its bytes look like text. Save replaces exactly the version opened: a file changed on disk
 * meanwhile is a conflict (reload, or overwrite knowingly), never silently lost. Leaving with
 * unsaved changes asks first.
 */
@Component({
  selector: 'hyp-file-editor-page',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink],
  templateUrl: './file-editor-page.html',
  styleUrl: './file-editor-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(window:beforeunload)': 'beforeUnload($event)' },
})
export class FileEditorPage implements HoldsUnsavedChanges {
  private readonly files = inject(FilesApi);
  private readonly roots = inject(FileRootApi);
  private readonly auth = inject(AuthService);
  private readonly destroyRef = inject(DestroyRef);

  readonly rootId = input.required<string>();
  /** The query's `path`. */
  readonly path = input<string | undefined>();

  protected readonly filePath = computed(() => normalizePath(this.path()));
  protected readonly name = computed(() => baseName(this.filePath()));
  protected readonly back = computed(() => {
    const dir = parentPath(this.filePath());
    return dir === '' ? {} : { path: dir };
  });

  protected readonly opened = loadResource<Opened | null>({
    load: () => this.open(untracked(this.rootId), untracked(this.filePath)),
    initial: null,
    errorMessage: 'The file could not be opened.',
  });
  protected readonly canWrite = computed(
    () =>
      this.auth.hasPermission(FILE_PERMISSIONS.write) &&
      !(this.opened.value()?.root.readOnly ?? true),
  );

  private readonly host = viewChild<ElementRef<HTMLElement>>('editor');
  private view: EditorView | null = null;
  /** The version the next save replaces. */
  private readonly version = signal<string | null>(null);
  private readonly savedText = signal('');
  protected readonly dirty = signal(false);
  protected readonly saving = signal(false);
  protected readonly conflict = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly savedAt = signal<number | null>(null);
  protected readonly changedOnDisk = CHANGED_ON_DISK;

  constructor() {
    effect(() => {
      const opened = this.opened.value();
      const host = this.host();
      const writable = this.canWrite();
      if (opened?.text == null || !host) return;
      untracked(() => this.mount(host.nativeElement, opened, writable));
    });
    this.destroyRef.onDestroy(() => this.view?.destroy());
  }

  /** For the unsaved-changes guard. */
  hasUnsavedChanges(): boolean {
    return this.dirty();
  }

  protected beforeUnload(event: BeforeUnloadEvent): void {
    if (this.dirty()) event.preventDefault();
  }

  protected save(overwrite = false): void {
    const opened = this.opened.value();
    const view = this.view;
    if (!opened || !view || this.saving() || !this.canWrite()) return;
    const text = view.state.doc.toString();
    this.saving.set(true);
    this.problem.set(null);
    const version$: Observable<string | null> = overwrite
      ? this.files.stat(opened.root.id, opened.entry.path).pipe(map((e) => e.version))
      : from([this.version()]);
    version$
      .pipe(
        switchMap((version) =>
          this.files.upload(
            opened.root.id,
            opened.entry.path,
            new Blob([text], { type: 'application/octet-stream' }),
            version ?? undefined,
          ),
        ),
        filter((event) => event.type === HttpEventType.Response),
        map((event) => event.body as FileEntry),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (entry) => {
          this.version.set(entry.version);
          this.savedText.set(text);
          this.dirty.set(this.view?.state.doc.toString() !== text);
          this.conflict.set(false);
          this.savedAt.set(Date.now());
          this.saving.set(false);
        },
        error: (error: unknown) => {
          this.saving.set(false);
          if (error instanceof HttpErrorResponse && error.status === 409) {
            this.conflict.set(true);
          } else {
            this.problem.set(apiErrorMessage(error, `“${this.name()}” could not be saved.`));
          }
        },
      });
  }

  /** Throws the changes away and opens the file as it is on disk now. */
  protected reload(): void {
    this.conflict.set(false);
    this.problem.set(null);
    this.dirty.set(false);
    this.opened.reload();
  }

  protected download(): void {
    const opened = this.opened.value();
    if (!opened) return;
    this.files
      .download(opened.root.id, opened.entry.path)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (blob) => saveBlob(blob, opened.entry.name),
        error: (error: unknown) =>
          this.problem.set(
            apiErrorMessage(error, `“${opened.entry.name}” could not be downloaded.`),
          ),
      });
  }

  private open(rootId: string, path: string): Observable<Opened> {
    return forkJoin({ root: this.roots.get(rootId), entry: this.files.stat(rootId, path) }).pipe(
      switchMap(({ root, entry }) => {
        if (entry.type !== 'file') {
          return throwError(() => new Error(`“${entry.name}” is not a file.`));
        }
        if (entry.size > EDITOR_MAX_BYTES) {
          return from([
            {
              root,
              entry,
              text: null,
              refusal: `“${entry.name}” is ${sizeText(entry.size)}: the editor opens files up to ${sizeText(EDITOR_MAX_BYTES)}. Download it instead.`,
            },
          ]);
        }
        return this.files.download(rootId, path).pipe(
          switchMap((blob) => readBytes(blob)),
          map((buffer) => {
            const bytes = new Uint8Array(buffer);
            return looksLikeText(bytes)
              ? { root, entry, text: new TextDecoder().decode(bytes), refusal: null }
              : {
                  root,
                  entry,
                  text: null,
                  refusal: `“${entry.name}” does not look like text (it holds binary data), so it is not opened in the editor. Download it instead.`,
                };
          }),
        );
      }),
    );
  }

  private mount(parent: HTMLElement, opened: Opened, writable: boolean): void {
    this.view?.destroy();
    const text = opened.text ?? '';
    this.version.set(opened.entry.version);
    this.savedText.set(text);
    this.dirty.set(false);
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: text,
        extensions: [
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                this.save();
                return true;
              },
            },
          ]),
          basicSetup,
          EditorState.readOnly.of(!writable),
          EditorView.contentAttributes.of({
            'aria-label': `Contents of ${opened.entry.name}`,
            'data-testid': 'file-editor-content',
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) {
              this.dirty.set(update.state.doc.toString() !== this.savedText());
            }
          }),
        ],
      }),
    });
  }
}
