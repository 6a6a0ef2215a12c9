import { Routes } from '@angular/router';

/** `/ssh-hosts` (apps/web's CONSOLE_MODULES guards it with ssh:exec). */
export const sshHostRoutes: Routes = [
  {
    path: '',
    title: 'Ssh hosts · Hyperion',
    loadComponent: () => import('./ssh-hosts-page/ssh-hosts-page').then((m) => m.SshHostsPage),
  },
];
