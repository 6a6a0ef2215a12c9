import { Injectable } from '@angular/core';

/** What the console keeps of a session between page loads (per browser tab). */
export interface StoredSession {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds after which the access token is no longer accepted. */
  readonly accessTokenExpiresAt: number;
  /** The API refuses everything but a password change until this is cleared. */
  readonly mustChangePassword: boolean;
}

/**
 * sessionStorage keys. Session storage (not local storage): each tab holds its own session,
 * gone when the tab closes. The end-to-end suite reads `ACCESS_TOKEN` to call the API directly.
 */
export const SESSION_KEYS = {
  accessToken: 'hyperion.accessToken',
  refreshToken: 'hyperion.refreshToken',
  accessTokenExpiresAt: 'hyperion.accessTokenExpiresAt',
  mustChangePassword: 'hyperion.mustChangePassword',
} as const;

/** Reads and writes the session in `sessionStorage`; tests replace it with an in-memory one. */
@Injectable({ providedIn: 'root' })
export class TokenStore {
  read(): StoredSession | null {
    const storage = sessionStorageOrNull();
    const accessToken = storage?.getItem(SESSION_KEYS.accessToken);
    const refreshToken = storage?.getItem(SESSION_KEYS.refreshToken);
    if (!storage || !accessToken || !refreshToken) {
      return null;
    }
    return {
      accessToken,
      refreshToken,
      accessTokenExpiresAt: Number(storage.getItem(SESSION_KEYS.accessTokenExpiresAt) ?? 0),
      mustChangePassword: storage.getItem(SESSION_KEYS.mustChangePassword) === 'true',
    };
  }

  write(session: StoredSession): void {
    const storage = sessionStorageOrNull();
    storage?.setItem(SESSION_KEYS.accessToken, session.accessToken);
    storage?.setItem(SESSION_KEYS.refreshToken, session.refreshToken);
    storage?.setItem(SESSION_KEYS.accessTokenExpiresAt, String(session.accessTokenExpiresAt));
    storage?.setItem(SESSION_KEYS.mustChangePassword, String(session.mustChangePassword));
  }

  clear(): void {
    const storage = sessionStorageOrNull();
    for (const key of Object.values(SESSION_KEYS)) {
      storage?.removeItem(key);
    }
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage disabled by the browser: the session then lives only in memory.
    return null;
  }
}
