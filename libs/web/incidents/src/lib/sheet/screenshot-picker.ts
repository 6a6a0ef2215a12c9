import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  input,
  model,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { INCIDENT_RULES } from '@hyperion/contracts';

import { sizeText } from '../shared/format';

/** Why a file cannot be a screenshot (checked again by the API, from its content), or null. */
export function screenshotProblem(file: File): string | null {
  if (!INCIDENT_RULES.attachmentTypes.includes(file.type)) {
    return `${file.name}: not a PNG, JPEG, GIF or WebP image.`;
  }
  if (file.size > INCIDENT_RULES.attachmentMaxBytes) {
    return `${file.name}: ${sizeText(file.size)}, over the ${sizeText(INCIDENT_RULES.attachmentMaxBytes)} limit.`;
  }
  return null;
}

/** The accepted file types, for a file input's `accept`. */
export const SCREENSHOT_ACCEPT = INCIDENT_RULES.attachmentTypes.join(',');

/**
 * Screenshots chosen before they are sent: each previewed, with "Remove"; files that are not
 * images or too large are refused at once, saying why.
 */
@Component({
  selector: 'hyp-screenshot-picker',
  imports: [MatButtonModule],
  template: `
    <label class="file-label" [attr.for]="inputId">
      {{ label() }}
      <span class="hint">PNG, JPEG, GIF or WebP, up to {{ maxSize }} each.</span>
    </label>
    <input
      type="file"
      multiple
      [id]="inputId"
      [accept]="accept"
      data-testid="screenshots-input"
      (change)="picked($any($event.target))"
    />
    @if (refused().length > 0) {
      <ul class="refused" role="alert" data-testid="screenshots-refused">
        @for (problem of refused(); track $index) {
          <li>{{ problem }}</li>
        }
      </ul>
    }
    @if (files().length > 0) {
      <ul class="previews" aria-label="Screenshots to send">
        @for (file of files(); track file; let i = $index) {
          <li [attr.data-testid]="'screenshot-' + i">
            <img [src]="previews()[i]" [alt]="'Preview of ' + file.name" />
            <span class="name">{{ file.name }} ({{ size(file.size) }})</span>
            <button
              matButton
              type="button"
              [attr.aria-label]="'Remove ' + file.name"
              (click)="remove(i)"
            >
              Remove
            </button>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .file-label {
      display: flex;
      flex-direction: column;
      font: var(--mat-sys-body-large);
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    input:focus-visible {
      outline: 3px solid var(--hyp-focus, #0b4fb3);
      outline-offset: 2px;
    }
    .refused {
      margin: 0;
      padding: 8px 12px 8px 28px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .previews {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .previews li {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 4px;
      max-width: 200px;
    }
    img {
      max-width: 200px;
      max-height: 140px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-small);
      object-fit: contain;
    }
    .name {
      overflow-wrap: anywhere;
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScreenshotPicker {
  private static nextId = 0;

  readonly label = input('Screenshots');
  readonly files = model<readonly File[]>([]);

  protected readonly inputId = `hyp-screenshots-${ScreenshotPicker.nextId++}`;
  protected readonly accept = SCREENSHOT_ACCEPT;
  protected readonly maxSize = sizeText(INCIDENT_RULES.attachmentMaxBytes);
  protected readonly refused = signal<readonly string[]>([]);
  protected readonly previews = signal<readonly string[]>([]);
  protected readonly size = sizeText;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.previews().forEach((url) => URL.revokeObjectURL(url)));
  }

  protected picked(input: HTMLInputElement): void {
    const chosen = Array.from(input.files ?? []);
    input.value = '';
    const problems: string[] = [];
    const accepted: File[] = [];
    const room = INCIDENT_RULES.attachmentsMax - this.files().length;
    for (const file of chosen) {
      const problem = screenshotProblem(file);
      if (problem) problems.push(problem);
      else if (accepted.length >= room) {
        problems.push(`${file.name}: at most ${INCIDENT_RULES.attachmentsMax} screenshots.`);
      } else accepted.push(file);
    }
    this.refused.set(problems);
    this.files.update((files) => [...files, ...accepted]);
    this.previews.update((urls) => [...urls, ...accepted.map((file) => URL.createObjectURL(file))]);
  }

  protected remove(index: number): void {
    const url = this.previews()[index];
    if (url) URL.revokeObjectURL(url);
    this.files.update((files) => files.filter((_, i) => i !== index));
    this.previews.update((urls) => urls.filter((_, i) => i !== index));
  }
}
