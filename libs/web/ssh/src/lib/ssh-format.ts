import { HttpErrorResponse } from '@angular/common/http';
import type {
  SshAuthMethod,
  SshHostKeyState,
  SshHostSummary,
  SshSessionEndReason,
  SshSessionSummary,
} from '@hyperion/contracts';
import { apiErrorMessage } from '@hyperion/web/util';

/** `ops@10.0.0.5:22` (an IPv6 address in brackets, as ssh and URLs write it). */
export function targetText(host: Pick<SshHostSummary, 'username' | 'address' | 'port'>): string {
  const address = host.address.includes(':') ? `[${host.address}]` : host.address;
  return `${host.username}@${address}:${host.port}`;
}

/** How Hyperion signs in, in words (keyboard-interactive: the host's questions go to the user). */
export const AUTH_LABELS: Readonly<Record<SshAuthMethod | 'keyboard-interactive', string>> = {
  key: 'Private key',
  password: 'Password',
  'keyboard-interactive': 'Questions asked in the terminal',
};

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

/** "1 h 02 min", "3 min 07 s", "12 s". */
export function spanText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

/** How long a session lasted (or has lasted so far, while live). */
export function sessionDuration(
  session: Pick<SshSessionSummary, 'startedAt' | 'endedAt'>,
  now: number = Date.now(),
): string {
  const end = session.endedAt ? Date.parse(session.endedAt) : now;
  return spanText((end - Date.parse(session.startedAt)) / 1000);
}

const END_REASONS: Record<SshSessionEndReason, string> = {
  exited: 'shell exited',
  closed: 'closed',
  idle: 'idle timeout',
  disconnected: 'host disconnected',
  failed: 'failed',
  shutdown: 'Hyperion stopped',
};

/** "Live", "Ended: shell exited (code 0)". */
export function sessionStateText(
  session: Pick<SshSessionSummary, 'state' | 'endReason' | 'exitCode'>,
): string {
  if (session.state === 'live') return 'Live';
  const reason = session.endReason ? `: ${END_REASONS[session.endReason]}` : '';
  const code = session.exitCode !== null ? ` (code ${session.exitCode})` : '';
  return `Ended${reason}${code}`;
}

/** "0:07", "1:02:03": a position in a recording. */
export function offsetText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
