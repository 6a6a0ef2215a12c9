import { Routes } from '@angular/router';

/**
 * `/ssh/...` (apps/web's CONSOLE_MODULES guards it with ssh:exec): the list, a new host, one
 * host's page (host key, commands) and its edit form, the terminal (tabs), the terminal
 * sessions and one session's replay. The fixed paths come before `:id`.
 */
export const sshHostRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'SSH hosts · Hyperion',
    loadComponent: () => import('./ssh-hosts-page/ssh-hosts-page').then((m) => m.SshHostsPage),
  },
  {
    path: 'terminal',
    title: 'Terminal · Hyperion',
    loadComponent: () => import('./ssh-terminal/ssh-terminal-page').then((m) => m.SshTerminalPage),
  },
  {
    path: 'sessions',
    title: 'Terminal sessions · Hyperion',
    loadComponent: () => import('./ssh-sessions/ssh-sessions-page').then((m) => m.SshSessionsPage),
  },
  {
    path: 'sessions/:id',
    title: 'Terminal session · Hyperion',
    loadComponent: () =>
      import('./ssh-session-detail/ssh-session-page').then((m) => m.SshSessionPage),
  },
  {
    path: 'new',
    title: 'New SSH host · Hyperion',
    loadComponent: () =>
      import('./ssh-host-form/ssh-host-form-page').then((m) => m.SshHostFormPage),
  },
  {
    path: ':id/edit',
    title: 'Edit SSH host · Hyperion',
    loadComponent: () =>
      import('./ssh-host-form/ssh-host-form-page').then((m) => m.SshHostFormPage),
  },
  {
    path: ':id',
    title: 'SSH host · Hyperion',
    loadComponent: () =>
      import('./ssh-host-detail/ssh-host-detail-page').then((m) => m.SshHostDetailPage),
  },
];
