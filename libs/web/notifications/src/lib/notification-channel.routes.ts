import { Routes } from '@angular/router';

import { NotificationsLayout } from './layout/notifications-layout';

/**
 * `/notification-channels/...` (apps/web's CONSOLE_MODULES guards it with notifications:read):
 * the channels (the default page) and the deliveries.
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
    ],
  },
];
