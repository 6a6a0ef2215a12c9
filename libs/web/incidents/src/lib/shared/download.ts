import { HttpErrorResponse } from '@angular/common/http';
import { INCIDENT_RULES } from '@hyperion/contracts';
import { apiErrorMessage } from '@hyperion/web/util';

import { sizeText } from './format';

/** A Blob's text (FileReader where `Blob.text()` is missing). */
function blobText(blob: Blob): Promise<string> {
  if (typeof blob.text === 'function') return blob.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/**
 * A failed request whose answer was asked for as a Blob (a download, an image): its JSON error
 * body is read back first, so the API's own message shows as for any other request.
 */
export async function blobErrorMessage(error: unknown, fallback: string): Promise<string> {
  if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
    let body: unknown = null;
    try {
      body = JSON.parse(await blobText(error.error));
    } catch {
      body = null;
    }
    return apiErrorMessage(
      new HttpErrorResponse({
        error: body,
        headers: error.headers,
        status: error.status,
        statusText: error.statusText,
        url: error.url ?? undefined,
      }),
      fallback,
    );
  }
  return apiErrorMessage(error, fallback);
}

/** Saves a Blob under `filename` through an object URL (freed a little later). */
export function saveBlob(document: Document, blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Why an upload was refused: for 413 (too large) and 415 (not an image) the API's own words,
 * which say what it accepts; otherwise as any failed request.
 */
export function uploadErrorMessage(error: unknown, fallback: string): string {
  if (error instanceof HttpErrorResponse && (error.status === 413 || error.status === 415)) {
    const body = error.error as { message?: unknown } | null;
    const raw = body && typeof body === 'object' ? body.message : undefined;
    const messages = (Array.isArray(raw) ? raw : [raw]).filter(
      (text): text is string =>
        typeof text === 'string' &&
        text.trim() !== '' &&
        !/^(payload too large|request entity too large|unsupported media type)$/i.test(text.trim()),
    );
    // "file: larger than 10 MiB": the field is the upload itself, named by the caller.
    if (messages.length > 0) return messages.map((text) => text.replace(/^file: /, '')).join(' ');
    return error.status === 413
      ? `Too large: Hyperion accepts screenshots up to ${sizeText(INCIDENT_RULES.attachmentMaxBytes)}.`
      : 'Not an image Hyperion accepts: PNG, JPEG, GIF or WebP, checked from the file’s content.';
  }
  return apiErrorMessage(error, fallback);
}
