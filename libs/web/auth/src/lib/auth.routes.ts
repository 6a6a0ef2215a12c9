import { Routes } from '@angular/router';

export const loginRoutes: Routes = [
  { path: '', loadComponent: () => import('./login-page/login-page').then((m) => m.LoginPage) },
];

export const changePasswordRoutes: Routes = [
  {
    path: '',
    loadComponent: () =>
      import('./change-password-page/change-password-page').then((m) => m.ChangePasswordPage),
  },
];

export const profileRoutes: Routes = [
  {
    path: '',
    loadComponent: () => import('./profile-page/profile-page').then((m) => m.ProfilePage),
  },
];
