import { EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';

import { AuthService } from './auth.service';

/**
 * At start-up (a page load, a new tab), before the first route: the session of the HttpOnly
 * refresh cookie, if the browser holds a live one, so a reload or a second tab stays signed in.
 * Never fails the start: without a session the guards lead to the login page.
 */
export function provideSessionRestore(): EnvironmentProviders {
  return provideAppInitializer(() => inject(AuthService).restore());
}
