import { Routes } from '@angular/router';

/** `/file-roots` (apps/web's CONSOLE_MODULES guards it with files:read). */
export const fileRootRoutes: Routes = [
  {
    path: '',
    title: 'File roots · Hyperion',
    loadComponent: () => import('./file-roots-page/file-roots-page').then((m) => m.FileRootsPage),
  },
];
