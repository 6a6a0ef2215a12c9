import { Routes } from '@angular/router';

import { AdminLayout } from './admin-layout/admin-layout';

/** `/admin/...`: the active organisation's administration (the app guards it with `users:admin`). */
export const adminRoutes: Routes = [
  {
    path: '',
    component: AdminLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'users' },
      {
        // "users" (not "members"): the path the API and existing links use.
        path: 'users',
        title: 'Members · Hyperion',
        loadComponent: () => import('./members-page/members-page').then((m) => m.MembersPage),
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

/** `/platform`: the instance's organisations (the app guards it with `platform:admin`). */
export const platformRoutes: Routes = [
  {
    path: '',
    title: 'Organisations · Hyperion',
    loadComponent: () => import('./platform-page/platform-page').then((m) => m.PlatformPage),
  },
];
