import { Routes } from '@angular/router';

/**
 * `/system/...` (apps/web's CONSOLE_MODULES guards it with monitoring:read): the processes and
 * the systemd services of the host Hyperion runs on.
 */
export const systemRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'processes' },
  {
    path: 'processes',
    title: 'Processes · Hyperion',
    loadComponent: () => import('./processes-page/processes-page').then((m) => m.ProcessesPage),
  },
  {
    path: 'services',
    title: 'Services · Hyperion',
    loadComponent: () => import('./services-page/services-page').then((m) => m.ServicesPage),
  },
];
