import { Routes } from '@angular/router';

import { AlertsLayout } from './layout/alerts-layout';

/**
 * `/alerts/...` (apps/web's CONSOLE_MODULES guards it with alerts:read): the alerts (the default
 * page) and one alert's detail, the services, routing, escalation policies, silences and the
 * monthly reports.
 */
export const alertsRoutes: Routes = [
  {
    path: '',
    component: AlertsLayout,
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'Alerts · Hyperion',
        loadComponent: () => import('./alerts-page/alerts-page').then((m) => m.AlertsPage),
      },
      {
        path: 'detail/:id',
        title: 'Alert · Hyperion',
        loadComponent: () =>
          import('./alert-detail-page/alert-detail-page').then((m) => m.AlertDetailPage),
      },
      {
        path: 'services',
        title: 'Services · Hyperion',
        loadComponent: () => import('./services-page/services-page').then((m) => m.ServicesPage),
      },
      {
        path: 'services/:id',
        title: 'Service · Hyperion',
        loadComponent: () =>
          import('./service-detail-page/service-detail-page').then((m) => m.ServiceDetailPage),
      },
      {
        path: 'routing',
        title: 'Alert routing · Hyperion',
        loadComponent: () => import('./routing-page/routing-page').then((m) => m.RoutingPage),
      },
      {
        path: 'escalation',
        title: 'Escalation policies · Hyperion',
        loadComponent: () =>
          import('./escalation-page/escalation-page').then((m) => m.EscalationPoliciesPage),
      },
      {
        path: 'silences',
        title: 'Silences · Hyperion',
        loadComponent: () => import('./silences-page/silences-page').then((m) => m.SilencesPage),
      },
      {
        path: 'reports',
        title: 'Alert reports · Hyperion',
        loadComponent: () => import('./reports-page/reports-page').then((m) => m.ReportsPage),
      },
    ],
  },
];
