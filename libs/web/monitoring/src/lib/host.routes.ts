import { Routes } from '@angular/router';

/**
 * `/hosts/...` (apps/web's CONSOLE_MODULES guards it with monitoring:read): the list, a new
 * host, one host's dashboard and its edit form. The fixed path `new` comes before `:id`.
 */
export const hostRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Hosts · Hyperion',
    loadComponent: () => import('./hosts-page/hosts-page').then((m) => m.HostsPage),
  },
  {
    path: 'new',
    title: 'Add a host · Hyperion',
    loadComponent: () => import('./host-form/host-form-page').then((m) => m.HostFormPage),
  },
  {
    path: ':id/edit',
    title: 'Edit host · Hyperion',
    loadComponent: () => import('./host-form/host-form-page').then((m) => m.HostFormPage),
  },
  {
    path: ':id',
    title: 'Host · Hyperion',
    loadComponent: () =>
      import('./host-dashboard/host-dashboard-page').then((m) => m.HostDashboardPage),
  },
];
