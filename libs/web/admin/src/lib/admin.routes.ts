import { Routes } from '@angular/router';

import { AdminLayout } from './admin-layout/admin-layout';

/** `/admin/...` (the app guards it with `users:admin`). */
export const adminRoutes: Routes = [
  {
    path: '',
    component: AdminLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'users' },
      {
        path: 'users',
        title: 'Users · Hyperion',
        loadComponent: () => import('./users-page/users-page').then((m) => m.UsersPage),
      },
      {
        path: 'roles',
        title: 'Roles · Hyperion',
        loadComponent: () => import('./roles-page/roles-page').then((m) => m.RolesPage),
      },
      {
        path: 'api-keys',
        title: 'API keys · Hyperion',
        loadComponent: () => import('./api-keys-page/api-keys-page').then((m) => m.ApiKeysPage),
      },
    ],
  },
];

/** `/audit` (the app guards it with `audit:read`). */
export const auditRoutes: Routes = [
  {
    path: '',
    title: 'Audit log · Hyperion',
    loadComponent: () => import('./audit-page/audit-page').then((m) => m.AuditPage),
  },
];
