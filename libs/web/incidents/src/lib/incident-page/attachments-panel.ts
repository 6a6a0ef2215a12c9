import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import type { IncidentAttachment, IncidentDetail } from '@hyperion/contracts';
import { INCIDENT_RULES } from '@hyperion/contracts';
import { ConfirmButton } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { EMPTY, catchError, concatMap, from } from 'rxjs';

import { IncidentApi } from '../incident-api';
import { blobErrorMessage, uploadErrorMessage } from '../shared/download';
import { localTime, personName, sizeText } from '../shared/format';
import { SCREENSHOT_ACCEPT, screenshotProblem } from '../sheet/screenshot-picker';
import { ProblemLine } from './problem-line';
import { WriteProblem, writeProblem } from './write-problem';

/** A preview: the image's object URL once fetched, or why it could not be. */
interface Preview {
  readonly url: string | null;
  readonly error: string | null;
}

/**
 * The incident's screenshots: each previewed (fetched with the session's token as a Blob, shown
 * through an object URL freed when it goes), with its size and who added it; add more (checked
 * here for type and size, by the API from the content) or delete one.
 */
@Component({
  selector: 'hyp-incident-attachments',
  imports: [ConfirmButton, ProblemLine],
  template: `
    <section class="panel" aria-labelledby="attachments-title" data-testid="incident-attachments">
      <h3 class="panel-title" id="attachments-title">Screenshots</h3>
      @if (incident().attachments.length === 0) {
        <p class="secondary">No screenshots.</p>
      } @else {
        <ul class="shots">
          @for (file of incident().attachments; track file.id) {
            <li [attr.data-testid]="'attachment-' + file.id">
              @let preview = previews()[file.id];
              @if (preview?.url; as url) {
                <a
                  [href]="url"
                  target="_blank"
                  rel="noopener"
                  [attr.aria-label]="'Open ' + file.filename + ' full size'"
                >
                  <img [src]="url" [alt]="'Screenshot ' + file.filename" />
                </a>
              } @else if (preview?.error; as error) {
                <p class="error" role="alert">
                  {{ error }}
                  <button type="button" class="link" (click)="load(file)">Retry</button>
                </p>
              } @else {
                <span class="placeholder">Loading the preview…</span>
              }
              <span class="name">{{ file.filename }}</span>
              <span class="secondary"
                >{{ size(file.size) }} · {{ localTime(file.createdAt) }} ·
                {{ file.createdBy ? name(file.createdBy) : 'unknown' }}</span
              >
              @if (canWrite()) {
                <hyp-confirm-button
                  label="Delete"
                  confirmLabel="Really delete?"
                  [testId]="'attachment-delete-' + file.id"
                  [disabled]="busy.active()"
                  (confirmed)="remove(file)"
                />
              }
            </li>
          }
        </ul>
      }
      @if (canWrite()) {
        <label class="file-label" for="incident-upload">
          Add screenshots
          <span class="secondary">PNG, JPEG, GIF or WebP, up to {{ maxSize }} each.</span>
        </label>
        <input
          id="incident-upload"
          type="file"
          multiple
          data-testid="attachments-input"
          [accept]="accept"
          [disabled]="busy.active()"
          (change)="upload($any($event.target))"
        />
        @if (busy.active()) {
          <p class="secondary" role="status">Sending…</p>
        }
        @if (refused().length > 0) {
          <ul class="error" role="alert" data-testid="attachments-refused">
            @for (problem of refused(); track $index) {
              <li>{{ problem }}</li>
            }
          </ul>
        }
      }
      <hyp-problem-line
        testId="attachments-problem"
        [problem]="problem()"
        (reload)="reload.emit()"
      />
    </section>
  `,
  styleUrl: '../shared/panel.scss',
  styles: `
    .shots {
      display: flex;
      flex-wrap: wrap;
      gap: 16px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .shots li {
      display: flex;
      flex-direction: column;
      gap: 4px;
      max-width: 240px;
    }
    img {
      max-width: 240px;
      max-height: 180px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-small);
      object-fit: contain;
    }
    .placeholder {
      padding: 24px 8px;
      background: var(--mat-sys-surface-container);
    }
    .name {
      overflow-wrap: anywhere;
    }
    .file-label {
      display: flex;
      flex-direction: column;
    }
    ul.error {
      padding-left: 28px;
    }
    .link {
      border: 0;
      background: none;
      color: inherit;
      text-decoration: underline;
      cursor: pointer;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncidentAttachments {
  private readonly api = inject(IncidentApi);

  readonly incident = input.required<IncidentDetail>();
  readonly canWrite = input(false);
  readonly updated = output<unknown>();
  readonly reload = output<void>();

  protected readonly busy = busyFlag();
  protected readonly problem = signal<WriteProblem | null>(null);
  protected readonly refused = signal<readonly string[]>([]);
  protected readonly previews = signal<Readonly<Record<string, Preview>>>({});
  protected readonly accept = SCREENSHOT_ACCEPT;
  protected readonly maxSize = sizeText(INCIDENT_RULES.attachmentMaxBytes);
  protected readonly size = sizeText;
  protected readonly localTime = localTime;
  protected readonly name = personName;

  constructor() {
    // New attachments: their previews; gone ones: their object URLs freed.
    effect(() => {
      const files = this.incident().attachments;
      untracked(() => {
        const ids = new Set(files.map((file) => file.id));
        const shown = this.previews();
        for (const [id, preview] of Object.entries(shown)) {
          if (!ids.has(id) && preview.url) URL.revokeObjectURL(preview.url);
        }
        this.previews.set(Object.fromEntries(Object.entries(shown).filter(([id]) => ids.has(id))));
        for (const file of files) if (!shown[file.id]) this.load(file);
      });
    });
    inject(DestroyRef).onDestroy(() => {
      for (const preview of Object.values(this.previews())) {
        if (preview.url) URL.revokeObjectURL(preview.url);
      }
    });
  }

  protected load(file: IncidentAttachment): void {
    this.setPreview(file.id, { url: null, error: null });
    this.api.attachment(this.incident().id, file.id).subscribe({
      next: (blob) => this.setPreview(file.id, { url: URL.createObjectURL(blob), error: null }),
      error: (error: unknown) =>
        void blobErrorMessage(error, 'The preview could not be loaded.').then((message) =>
          this.setPreview(file.id, { url: null, error: message }),
        ),
    });
  }

  protected upload(input: HTMLInputElement): void {
    const files = Array.from(input.files ?? []);
    input.value = '';
    const problems: string[] = [];
    const accepted = files.filter((file) => {
      const problem = screenshotProblem(file);
      if (problem) problems.push(problem);
      return problem === null;
    });
    this.refused.set(problems);
    this.problem.set(null);
    if (accepted.length === 0) return;
    const id = this.incident().id;
    // One at a time; a refused one does not stop the others.
    const uploads = from(accepted).pipe(
      concatMap((file) =>
        this.api.upload(id, file).pipe(
          catchError((error: unknown) => {
            this.refused.update((list) => [
              ...list,
              `${file.name}: ${uploadErrorMessage(error, 'the screenshot could not be sent.')}`,
            ]);
            return EMPTY;
          }),
        ),
      ),
    );
    this.busy.track(uploads).subscribe((saved) => this.updated.emit(saved));
  }

  protected remove(file: IncidentAttachment): void {
    this.problem.set(null);
    this.busy.track(this.api.deleteAttachment(this.incident().id, file.id)).subscribe({
      next: () => this.updated.emit(null),
      error: (error: unknown) =>
        this.problem.set(writeProblem(error, `${file.filename} could not be deleted.`)),
    });
  }

  private setPreview(id: string, preview: Preview): void {
    this.previews.update((all) => {
      const before = all[id];
      if (before?.url && before.url !== preview.url) URL.revokeObjectURL(before.url);
      return { ...all, [id]: preview };
    });
  }
}
