import { Routes } from '@angular/router';

/** `/security` (apps/web's CONSOLE_MODULES guards it with audit:read). */
export const securityDashboardRoutes: Routes = [
  {
    path: '',
    title: 'Security · Hyperion',
    loadComponent: () =>
      import('./security-dashboard/security-dashboard-page').then((m) => m.SecurityDashboardPage),
  },
];
