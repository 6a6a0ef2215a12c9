import { Routes } from '@angular/router';

/** `/status-pages` (apps/web's CONSOLE_MODULES guards it with monitoring:read). */
export const statusPageRoutes: Routes = [
  {
    path: '',
    title: 'Status pages · Hyperion',
    loadComponent: () =>
      import('./status-pages-page/status-pages-page').then((m) => m.StatusPagesPage),
  },
];
