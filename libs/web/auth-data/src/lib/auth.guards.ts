import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import type { AnyPermission } from '@hyperion/contracts';
import { map } from 'rxjs';

import { AuthService } from './auth.service';

/** Logged in (restoring the user after a page load), or off to /login with a way back. */
export const authGuard: CanActivateFn = (_route, state) => {
  const router = inject(Router);
  return inject(AuthService)
    .restore()
    .pipe(
      map(
        (ok) => ok || router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } }),
      ),
    );
};

/** /login is for visitors: a logged-in user goes to the console instead. */
export const guestGuard: CanActivateFn = () => {
  const router = inject(Router);
  return inject(AuthService)
    .restore()
    .pipe(map((ok) => (ok ? router.createUrlTree(['/']) : true)));
};

/** While the API requires a new password, every console page leads to /change-password. */
export const mustChangePasswordGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  return auth.mustChangePassword() ? inject(Router).createUrlTree(['/change-password']) : true;
};

/**
 * The user holds `permission`; otherwise the "no access" page, naming the page refused. Use
 * after `authGuard`.
 */
export function permissionGuard(permission: AnyPermission): CanActivateFn {
  return (_route, state) => {
    const auth = inject(AuthService);
    const router = inject(Router);
    return auth
      .restore()
      .pipe(
        map(
          (ok) =>
            (ok && auth.hasPermission(permission)) ||
            router.createUrlTree(['/no-access'], { queryParams: { from: state.url } }),
        ),
      );
  };
}
