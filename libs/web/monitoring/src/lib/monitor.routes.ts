import { Routes } from '@angular/router';

/** `/monitors` (apps/web's CONSOLE_MODULES guards it with monitoring:read). */
export const monitorRoutes: Routes = [
  {
    path: '',
    title: 'Monitors · Hyperion',
    loadComponent: () => import('./monitors-page/monitors-page').then((m) => m.MonitorsPage),
  },
];
