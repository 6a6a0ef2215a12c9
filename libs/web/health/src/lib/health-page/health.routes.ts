import { Routes } from '@angular/router';

export const healthRoutes: Routes = [
  {
    path: '',
    loadComponent: () => import('./health-page').then((m) => m.HealthPage),
  },
];
