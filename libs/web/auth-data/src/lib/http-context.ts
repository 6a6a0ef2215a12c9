import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * Set on requests the auth interceptor must leave alone: login, the 2FA step, refresh and
 * logout carry their own credentials, and a 401 from them must not trigger a refresh.
 */
export const SKIP_AUTH = new HttpContextToken<boolean>(() => false);

export const skipAuth = (): HttpContext => new HttpContext().set(SKIP_AUTH, true);
