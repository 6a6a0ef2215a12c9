import { HttpErrorResponse, HttpEventType } from '@angular/common/http';
import { Signal, computed, signal } from '@angular/core';
import type { FileEntry } from '@hyperion/contracts';
import { apiErrorMessage } from '@hyperion/web/util';
import { Subscription, firstValueFrom } from 'rxjs';

import { joinPath } from '../file-format';
import { FilesApi } from '../files-api';

export type UploadState = 'queued' | 'uploading' | 'done' | 'skipped' | 'failed' | 'cancelled';

export interface UploadItem {
  readonly id: number;
  readonly name: string;
  /** Where it goes, relative to the root. */
  readonly path: string;
  readonly size: number;
  readonly loaded: number;
  readonly state: UploadState;
  /** Replaced an existing file (after the conflict dialog). */
  readonly replaced: boolean;
  /** Why it failed or was skipped. */
  readonly message: string | null;
}

/** What the person chose for a file that exists already. */
export interface ConflictChoice {
  readonly action: 'replace' | 'skip';
  /** The same for every further conflict of this batch. */
  readonly applyToAll: boolean;
}

export interface UploadTarget {
  readonly rootId: string;
  /** The directory the files go to. */
  readonly dir: string;
  /** The directory's entries as listed: the version a replacement names. */
  readonly listed: ReadonlyMap<string, FileEntry>;
}

export interface UploadQueueOptions {
  readonly api: FilesApi;
  /** Asks the person what to do with a file that exists (the conflict dialog). */
  readonly resolve: (item: UploadItem, existing: FileEntry | null) => Promise<ConflictChoice>;
  /** After each file written (to list it). */
  readonly written: (entry: FileEntry) => void;
}

interface Job {
  readonly id: number;
  readonly file: Blob;
  readonly target: UploadTarget;
  readonly batch: { decision: ConflictChoice['action'] | null };
}

/** Said when a replacement finds the file changed again since it was listed. */
export const CHANGED_SINCE_LISTED =
  'The file on the server changed since this folder was listed: refresh the folder and upload it again.';

let nextId = 1;

/**
 * The uploads of one pane, one file at a time, each PUT as octet-stream with its progress. A
 * file that exists (409 on create) asks `resolve`: replace (PUT again naming the listed version,
 * so a file changed meanwhile is refused, not overwritten), or skip; "apply to all" answers the
 * rest of the batch. Cancel aborts the running request or drops a queued file.
 */
export class UploadQueue {
  private readonly list = signal<readonly UploadItem[]>([]);
  private readonly jobs: Job[] = [];
  private running: { id: number; subscription: Subscription; cancel: () => void } | null = null;
  private draining = false;

  readonly items: Signal<readonly UploadItem[]> = this.list.asReadonly();
  /** Files still queued or uploading. */
  readonly pending = computed(
    () => this.list().filter((i) => i.state === 'queued' || i.state === 'uploading').length,
  );

  constructor(private readonly options: UploadQueueOptions) {}

  /** Queues `files` for `target` (one batch: "apply to all" covers them). */
  add(target: UploadTarget, files: readonly File[]): void {
    const batch = { decision: null };
    for (const file of files) {
      const id = nextId++;
      this.list.update((items) => [
        ...items,
        {
          id,
          name: file.name,
          path: joinPath(target.dir, file.name),
          size: file.size,
          loaded: 0,
          state: 'queued',
          replaced: false,
          message: null,
        },
      ]);
      this.jobs.push({ id, file, target, batch });
    }
    void this.drain();
  }

  cancel(id: number): void {
    const index = this.jobs.findIndex((job) => job.id === id);
    if (index >= 0) {
      this.jobs.splice(index, 1);
      this.patch(id, { state: 'cancelled', message: null });
      return;
    }
    if (this.running?.id === id) this.running.cancel();
  }

  /** Forgets the finished ones (done, skipped, failed, cancelled). */
  clearFinished(): void {
    this.list.update((items) =>
      items.filter((i) => i.state === 'queued' || i.state === 'uploading'),
    );
  }

  /** Stops everything (the page goes away). */
  destroy(): void {
    this.jobs.length = 0;
    this.running?.cancel();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let job = this.jobs.shift(); job; job = this.jobs.shift()) {
        await this.run(job);
      }
    } finally {
      this.draining = false;
    }
  }

  private async run(job: Job): Promise<void> {
    const path = joinPath(job.target.dir, this.item(job.id)?.name ?? '');
    const first = await this.put(job, path, undefined);
    if (first.kind !== 'conflict') return;

    const existing = job.target.listed.get(this.item(job.id)?.name ?? '') ?? null;
    let action = job.batch.decision;
    if (action === null) {
      const item = this.item(job.id);
      if (!item) return;
      const choice = await this.options.resolve(item, existing);
      action = choice.action;
      if (choice.applyToAll) job.batch.decision = choice.action;
    }
    if (this.item(job.id)?.state === 'cancelled') return;
    if (action === 'skip') {
      this.patch(job.id, { state: 'skipped', message: 'Skipped: a file of that name exists.' });
      return;
    }
    let version = existing?.version;
    if (!version) {
      // Not in the listing (created since it was taken): replace what is there now.
      try {
        version = (await firstValueFrom(this.options.api.stat(job.target.rootId, path))).version;
      } catch (error) {
        this.patch(job.id, {
          state: 'failed',
          message: apiErrorMessage(error, 'The existing file could not be read.'),
        });
        return;
      }
    }
    const second = await this.put(job, path, version);
    if (second.kind === 'conflict') {
      this.patch(job.id, { state: 'failed', message: CHANGED_SINCE_LISTED });
    }
  }

  /** One PUT; resolves when it ends (done, failed, cancelled) or is refused as existing. */
  private put(
    job: Job,
    path: string,
    version: string | undefined,
  ): Promise<{ kind: 'ended' | 'conflict' }> {
    return new Promise((resolve) => {
      this.patch(job.id, { state: 'uploading', loaded: 0, message: null });
      const subscription = this.options.api
        .upload(job.target.rootId, path, job.file, version)
        .subscribe({
          next: (event) => {
            if (event.type === HttpEventType.UploadProgress) {
              this.patch(job.id, { loaded: event.loaded });
            } else if (event.type === HttpEventType.Response && event.body) {
              this.patch(job.id, {
                state: 'done',
                loaded: job.file.size,
                replaced: version !== undefined,
              });
              this.options.written(event.body);
            }
          },
          error: (error: unknown) => {
            this.running = null;
            if (error instanceof HttpErrorResponse && error.status === 409) {
              resolve({ kind: 'conflict' });
              return;
            }
            this.patch(job.id, { state: 'failed', message: uploadErrorMessage(error) });
            resolve({ kind: 'ended' });
          },
          complete: () => {
            this.running = null;
            if (this.item(job.id)?.state === 'uploading') this.patch(job.id, { state: 'done' });
            resolve({ kind: 'ended' });
          },
        });
      if (subscription.closed) return;
      this.running = {
        id: job.id,
        subscription,
        cancel: () => {
          subscription.unsubscribe();
          this.running = null;
          this.patch(job.id, { state: 'cancelled', message: null });
          resolve({ kind: 'ended' });
        },
      };
    });
  }

  private item(id: number): UploadItem | undefined {
    return this.list().find((i) => i.id === id);
  }

  private patch(id: number, change: Partial<UploadItem>): void {
    this.list.update((items) => items.map((i) => (i.id === id ? { ...i, ...change } : i)));
  }
}

/** Why an upload failed, in words (413: the root's limit). */
export function uploadErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse && error.status === 413) {
    return 'Too large: this file is over the largest upload this root accepts.';
  }
  return apiErrorMessage(error, 'The file could not be uploaded.');
}
