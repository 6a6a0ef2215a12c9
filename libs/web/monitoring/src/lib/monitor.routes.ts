import { Routes } from '@angular/router';

/**
 * `/monitors/...` (apps/web's CONSOLE_MODULES guards it with monitoring:read): the list, a new
 * monitor, one monitor and its edit form. The fixed path `new` comes before `:id`.
 */
export const monitorRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Monitors · Hyperion',
    loadComponent: () => import('./monitors-page/monitors-page').then((m) => m.MonitorsPage),
  },
  {
    path: 'new',
    title: 'New monitor · Hyperion',
    loadComponent: () => import('./monitor-form/monitor-form-page').then((m) => m.MonitorFormPage),
  },
  {
    path: ':id/edit',
    title: 'Edit monitor · Hyperion',
    loadComponent: () => import('./monitor-form/monitor-form-page').then((m) => m.MonitorFormPage),
  },
  {
    path: ':id',
    title: 'Monitor · Hyperion',
    loadComponent: () =>
      import('./monitor-detail/monitor-detail-page').then((m) => m.MonitorDetailPage),
  },
];
