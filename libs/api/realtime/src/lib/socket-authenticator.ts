import type { Actor } from '@hyperion/api/core';

/**
 * Checks the access token a console sends in the Socket.IO handshake
 * (`io(url, { auth: { token } })`). Provided by the auth module, so realtime does not depend on it.
 */
export interface SocketAuthenticator {
  /** The actor of a valid token, or null. */
  authenticate(token: string): Promise<Actor | null>;
}

export const SOCKET_AUTHENTICATOR = 'hyperion:socket-authenticator';
