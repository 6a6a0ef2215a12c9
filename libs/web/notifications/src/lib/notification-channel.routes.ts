import { Routes } from '@angular/router';

import { NotificationsLayout } from './layout/notifications-layout';

/**
 * `/notification-channels/...` (apps/web's CONSOLE_MODULES guards it with notifications:read):
 * the channels (the default page), the deliveries, the pages (who is being notified, until they
 * acknowledge), and who is paged: on-call schedules, teams and contacts.
 */
export const notificationChannelRoutes: Routes = [
  {
    path: '',
    component: NotificationsLayout,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'channels' },
      {
        path: 'channels',
        title: 'Notification channels · Hyperion',
        loadComponent: () => import('./channels-page/channels-page').then((m) => m.ChannelsPage),
      },
      {
        path: 'deliveries',
        title: 'Notification deliveries · Hyperion',
        loadComponent: () =>
          import('./deliveries-page/deliveries-page').then((m) => m.DeliveriesPage),
      },
      {
        path: 'pages',
        title: 'Pages · Hyperion',
        loadComponent: () => import('./pages-page/pages-page').then((m) => m.PagesPage),
      },
      {
        path: 'schedules',
        title: 'On-call schedules · Hyperion',
        loadComponent: () => import('./schedules-page/schedules-page').then((m) => m.SchedulesPage),
      },
      {
        path: 'teams',
        title: 'Teams · Hyperion',
        loadComponent: () => import('./teams-page/teams-page').then((m) => m.TeamsPage),
      },
      {
        path: 'contacts',
        title: 'Contacts · Hyperion',
        loadComponent: () => import('./contacts-page/contacts-page').then((m) => m.ContactsPage),
      },
    ],
  },
];
