import { Route, Routes } from '@angular/router';
import {
  authGuard,
  guestGuard,
  mustChangePasswordGuard,
  permissionGuard,
} from '@hyperion/web/auth-data';

import { CONSOLE_MODULES, ConsoleModule, DEFAULT_MODULE_PATH } from './console-modules';

const moduleRoute = ({ path, loadChildren, permission }: ConsoleModule): Route => ({
  path,
  loadChildren,
  canActivate: permission ? [permissionGuard(permission)] : [],
});

/**
 * Everything is loaded on demand: the login page downloads only what it shows (the shell, its
 * menus and the live connection come after signing in).
 */
export const appRoutes: Routes = [
  {
    path: 'login',
    title: 'Sign in · Hyperion',
    canActivate: [guestGuard],
    loadChildren: () => import('@hyperion/web/auth').then((m) => m.loginRoutes),
  },
  {
    path: 'change-password',
    title: 'Choose a new password · Hyperion',
    canActivate: [authGuard],
    loadChildren: () => import('@hyperion/web/auth').then((m) => m.changePasswordRoutes),
  },
  {
    // Everything else is the console proper: logged in, with a password the user chose.
    path: '',
    loadComponent: () => import('./shell/shell').then((m) => m.Shell),
    canActivate: [authGuard],
    canActivateChild: [mustChangePasswordGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: DEFAULT_MODULE_PATH },
      {
        path: 'profile',
        title: 'Profile · Hyperion',
        loadChildren: () => import('@hyperion/web/auth').then((m) => m.profileRoutes),
      },
      ...CONSOLE_MODULES.map(moduleRoute),
      {
        path: 'no-access',
        title: 'No access · Hyperion',
        loadComponent: () => import('./pages/no-access/no-access-page').then((m) => m.NoAccessPage),
      },
      {
        path: '**',
        title: 'Page not found · Hyperion',
        loadComponent: () => import('./pages/not-found/not-found-page').then((m) => m.NotFoundPage),
      },
    ],
  },
];
