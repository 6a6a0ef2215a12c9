import { HttpErrorResponse } from '@angular/common/http';
import type { SshHostKeyState, SshHostSummary } from '@hyperion/contracts';
import { apiErrorMessage } from '@hyperion/web/util';

/** `ops@10.0.0.5:22` (an IPv6 address in brackets, as ssh and URLs write it). */
export function targetText(host: Pick<SshHostSummary, 'username' | 'address' | 'port'>): string {
  const address = host.address.includes(':') ? `[${host.address}]` : host.address;
  return `${host.username}@${address}:${host.port}`;
}

export const AUTH_LABELS = { key: 'Private key', password: 'Password' } as const;

/** What Hyperion knows of a host's key, in words for the list. */
export interface HostKeyInfo {
  readonly state: 'changed' | 'trusted' | 'unknown';
  readonly text: string;
}

export function hostKeyInfo(key: SshHostKeyState): HostKeyInfo {
  if (key.pendingFingerprint) {
    return { state: 'changed', text: 'Key changed: approval needed' };
  }
  if (key.fingerprint) {
    return { state: 'trusted', text: `Trusted ${key.fingerprint}` };
  }
  return { state: 'unknown', text: 'Not yet recorded' };
}

/**
 * Why a connection or a command failed. The API explains SSH failures itself (502: refused,
 * unreachable, authentication; 504: timed out; 409: the host key changed), and that explanation
 * is what an on-call person needs, so it is shown as is rather than the console's generic
 * "Hyperion did not answer in time" for those statuses.
 */
export function remoteErrorMessage(error: unknown, fallback: string): string {
  if (error instanceof HttpErrorResponse && [409, 502, 504].includes(error.status)) {
    const body: unknown = error.error;
    const raw =
      body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
    const text = (Array.isArray(raw) ? raw : [raw])
      .filter((m): m is string => typeof m === 'string' && m.trim() !== '')
      .join(' ');
    if (text) return text;
  }
  return apiErrorMessage(error, fallback);
}

/** "1.2 s" or "340 ms". */
export function durationText(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
