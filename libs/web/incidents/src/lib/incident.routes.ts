import { Routes } from '@angular/router';

import { IncidentsLayout } from './layout/incidents-layout';

/**
 * `/incidents/...` (apps/web's CONSOLE_MODULES guards it with incidents:read): the list (the
 * default page), a new incident, one incident and its post-mortem, the action items, MTTA / MTTR
 * and the settings. The fixed paths come before `:id`.
 */
export const incidentRoutes: Routes = [
  {
    path: '',
    component: IncidentsLayout,
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'Incidents · Hyperion',
        loadComponent: () => import('./list-page/incidents-page').then((m) => m.IncidentsPage),
      },
      {
        path: 'new',
        title: 'New incident · Hyperion',
        loadComponent: () => import('./new-page/new-incident-page').then((m) => m.NewIncidentPage),
      },
      {
        path: 'action-items',
        title: 'Action items · Hyperion',
        loadComponent: () =>
          import('./action-items-page/action-items-page').then((m) => m.ActionItemsPage),
      },
      {
        path: 'stats',
        title: 'Incident stats · Hyperion',
        loadComponent: () => import('./stats-page/stats-page').then((m) => m.StatsPage),
      },
      {
        path: 'settings',
        title: 'Incident settings · Hyperion',
        loadComponent: () =>
          import('./settings-page/settings-page').then((m) => m.IncidentSettingsPage),
      },
      {
        path: ':id/postmortem',
        title: 'Post-mortem · Hyperion',
        loadComponent: () =>
          import('./postmortem-page/postmortem-page').then((m) => m.PostmortemPage),
      },
      {
        path: ':id',
        title: 'Incident · Hyperion',
        loadComponent: () => import('./incident-page/incident-page').then((m) => m.IncidentPage),
      },
    ],
  },
];
