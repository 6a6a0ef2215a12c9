import { Routes } from '@angular/router';

/** `/hosts` (apps/web's CONSOLE_MODULES guards it with monitoring:read). */
export const hostRoutes: Routes = [
  {
    path: '',
    title: 'Hosts · Hyperion',
    loadComponent: () => import('./hosts-page/hosts-page').then((m) => m.HostsPage),
  },
];
