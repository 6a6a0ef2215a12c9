import type { Actor } from '@hyperion/api/core';

/**
 * Checks the access token a console sends in the Socket.IO handshake
 * (`io(url, { auth: { token } })`). Provided by the auth module, so realtime does not depend on it.
 */
export interface SocketAuthenticator {
  /**
   * The actor of a valid token, or null. Runs in a RequestContext carrying the handshake's
   * source IP and user agent (for auditing a refusal); tokens of any length reach it.
   */
  authenticate(token: string): Promise<Actor | null>;
  /**
   * Optional: when a token that `authenticate` accepted stops being valid (e.g. a JWT's `exp`),
   * or null when it does not expire. The gateway closes the socket at that moment, so a socket
   * lives no longer than the token it was opened with.
   */
  expiresAt?(token: string): Date | null;
}

export const SOCKET_AUTHENTICATOR = 'hyperion:socket-authenticator';
