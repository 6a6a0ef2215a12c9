import { Routes } from '@angular/router';

/** `/status-pages` and `/status-pages/:id` (apps/web's CONSOLE_MODULES guards it with monitoring:read). */
export const statusPageRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Status pages · Hyperion',
    loadComponent: () =>
      import('./status-pages-page/status-pages-page').then((m) => m.StatusPagesPage),
  },
  {
    path: ':id',
    title: 'Status page · Hyperion',
    loadComponent: () =>
      import('./status-page-editor/status-page-editor').then((m) => m.StatusPageEditor),
  },
];
