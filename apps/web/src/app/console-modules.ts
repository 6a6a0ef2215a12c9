import { LoadChildren } from '@angular/router';
import type { AnyPermission } from '@hyperion/contracts';

/** Icons are inline SVG path data (24×24): the console must work without fetching icon fonts. */
const ICONS = {
  health:
    'M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54L12 21.35z',
  admin:
    'M16.5 12c1.38 0 2.49-1.12 2.49-2.5S17.88 7 16.5 7C15.12 7 14 8.12 14 9.5s1.12 2.5 2.5 2.5zM9 11c1.66 0 2.99-1.34 2.99-3S10.66 5 9 5C7.34 5 6 6.34 6 8s1.34 3 3 3zm7.5 3c-1.83 0-5.5.92-5.5 2.75V19h11v-2.25c0-1.83-3.67-2.75-5.5-2.75zM9 13c-2.33 0-7 1.17-7 3.5V19h7v-2.25c0-.85.33-2.34 2.37-3.47C10.5 13.1 9.66 13 9 13z',
  platform:
    'M12 7V3H2v18h20V7H12zM6 19H4v-2h2v2zm0-4H4v-2h2v2zm0-4H4V9h2v2zm0-4H4V5h2v2zm4 12H8v-2h2v2zm0-4H8v-2h2v2zm0-4H8V9h2v2zm0-4H8V5h2v2zm10 12h-8v-2h2v-2h-2v-2h2v-2h-2V9h8v10zm-2-8h-2v2h2v-2zm0 4h-2v2h2v-2z',
  audit:
    'M13 3c-4.97 0-9 4.03-9 9H1l3.89 3.89.07.14L9 12H6c0-3.87 3.13-7 7-7s7 3.13 7 7-3.13 7-7 7c-1.93 0-3.68-.79-4.94-2.06l-1.42 1.42C8.27 19.99 10.51 21 13 21c4.97 0 9-4.03 9-9s-4.03-9-9-9zm-1 5v5l4.28 2.54.72-1.21-3.5-2.08V8H12z',
  // A shield (Material's "security").
  security:
    'M12 1L3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5l-9-4zm0 10.99h7c-.53 4.12-3.28 7.79-7 8.94V12H5V6.3l7-3.11v8.8z',
  notificationChannel:
    'M3 13h2v-2H3v2zm0 4h2v-2H3v2zm0-8h2V7H3v2zm4 4h14v-2H7v2zm0 4h14v-2H7v2zM7 7v2h14V7H7z',
  // A bell (Material's "notifications_active").
  alerts:
    'M7.58 4.08L6.15 2.65C3.75 4.48 2.17 7.3 2.03 10.5h2c.15-2.65 1.51-4.97 3.55-6.42zm12.39 6.42h2c-.15-3.2-1.73-6.02-4.12-7.85l-1.42 1.43c2.02 1.45 3.39 3.77 3.54 6.42zM18 11c0-3.07-1.64-5.64-4.5-6.32V4c0-.83-.67-1.5-1.5-1.5s-1.5.67-1.5 1.5v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2v-5zm-6 11c.14 0 .27-.01.4-.04.65-.14 1.18-.58 1.44-1.18.1-.24.15-.5.15-.78h-4c.01 1.1.9 2 2.01 2z',
  // A warning sign (Material's "report_problem").
  incident: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
  monitor: 'M3 13h2v-2H3v2zm0 4h2v-2H3v2zm0-8h2V7H3v2zm4 4h14v-2H7v2zm0 4h14v-2H7v2zM7 7v2h14V7H7z',
  host: 'M3 13h2v-2H3v2zm0 4h2v-2H3v2zm0-8h2V7H3v2zm4 4h14v-2H7v2zm0 4h14v-2H7v2zM7 7v2h14V7H7z',
  // A chip (Material's "memory"): the host's processes and services.
  system:
    'M15 9H9v6h6V9zm-2 4h-2v-2h2v2zm8-2V9h-2V7c0-1.1-.9-2-2-2h-2V3h-2v2h-2V3H9v2H7c-1.1 0-2 .9-2 2v2H3v2h2v2H3v2h2v2c0 1.1.9 2 2 2h2v2h2v-2h2v2h2v-2h2c1.1 0 2-.9 2-2v-2h2v-2h-2v-2h2zm-4 6H7V7h10v10z',
  statusPage:
    'M3 13h2v-2H3v2zm0 4h2v-2H3v2zm0-8h2V7H3v2zm4 4h14v-2H7v2zm0 4h14v-2H7v2zM7 7v2h14V7H7z',
  sshHost:
    'M20 4H4c-1.11 0-2 .9-2 2v12c0 1.1.89 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.89-2-2-2zm0 14H4V8h16v10zm-2-1h-6v-2h6v2zM7.5 17l-1.41-1.41L8.67 13l-2.59-2.59L7.5 9l4 4-4 4z',
  fileRoot:
    'M10 4H4c-1.1 0-1.99.9-1.99 2L2 18c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2h-8l-2-2z',
} as const;

/** One feature module of the console: its top-level route and its navigation entry. */
export interface ConsoleModule {
  /** Route segment, also the link target (`/<path>`). */
  readonly path: string;
  readonly label: string;
  /** SVG path data of a 24×24 icon. */
  readonly icon: string;
  /** Lazy import of the feature library's routes. */
  readonly loadChildren: LoadChildren;
  /**
   * Needed to open the module: without it the entry is hidden and the route refused. (The API
   * enforces the same permission on every call; hiding is only for the user's sake.)
   */
  readonly permission?: AnyPermission;
}

/**
 * The console's modules, in navigation order. Adding a module (incidents, alerts, monitoring…)
 * is one entry here: the route, its permission guard and the navigation link all derive from it.
 */
export const CONSOLE_MODULES: readonly ConsoleModule[] = [
  {
    path: 'health',
    label: 'Health',
    icon: ICONS.health,
    loadChildren: () => import('@hyperion/web/health').then((m) => m.healthRoutes),
  },
  {
    // The active organisation's members, roles and API keys.
    path: 'admin',
    label: 'Organisation',
    icon: ICONS.admin,
    permission: 'users:admin',
    loadChildren: () => import('@hyperion/web/admin').then((m) => m.adminRoutes),
  },
  {
    path: 'audit',
    label: 'Audit log',
    icon: ICONS.audit,
    permission: 'audit:read',
    loadChildren: () => import('@hyperion/web/admin').then((m) => m.auditRoutes),
  },
  {
    // Sign-in failures, lockouts, 2FA, permission and API key changes; certificates expiring.
    path: 'security',
    label: 'Security',
    icon: ICONS.security,
    permission: 'audit:read',
    loadChildren: () => import('@hyperion/web/monitoring').then((m) => m.securityDashboardRoutes),
  },
  {
    // Instance-wide: every organisation.
    path: 'platform',
    label: 'Platform',
    icon: ICONS.platform,
    permission: 'platform:admin',
    loadChildren: () => import('@hyperion/web/admin').then((m) => m.platformRoutes),
  },
  {
    path: 'notification-channels',
    label: 'Notifications',
    icon: ICONS.notificationChannel,
    permission: 'notifications:read',
    loadChildren: () =>
      import('@hyperion/web/notifications').then((m) => m.notificationChannelRoutes),
  },
  {
    // Alerts, and the services, routing, escalation, silences and reports behind them.
    path: 'alerts',
    label: 'Alerts',
    icon: ICONS.alerts,
    permission: 'alerts:read',
    loadChildren: () => import('@hyperion/web/alerts').then((m) => m.alertsRoutes),
  },
  {
    path: 'incidents',
    label: 'Incidents',
    icon: ICONS.incident,
    permission: 'incidents:read',
    loadChildren: () => import('@hyperion/web/incidents').then((m) => m.incidentRoutes),
  },
  {
    path: 'monitors',
    label: 'Monitors',
    icon: ICONS.monitor,
    permission: 'monitoring:read',
    loadChildren: () => import('@hyperion/web/monitoring').then((m) => m.monitorRoutes),
  },
  {
    path: 'hosts',
    label: 'Hosts',
    icon: ICONS.host,
    permission: 'monitoring:read',
    loadChildren: () => import('@hyperion/web/monitoring').then((m) => m.hostRoutes),
  },
  {
    // The processes and systemd services of the host Hyperion runs on.
    path: 'system',
    label: 'Processes & services',
    icon: ICONS.system,
    permission: 'monitoring:read',
    loadChildren: () => import('@hyperion/web/monitoring').then((m) => m.systemRoutes),
  },
  {
    path: 'status-pages',
    label: 'Status pages',
    icon: ICONS.statusPage,
    permission: 'monitoring:read',
    loadChildren: () => import('@hyperion/web/monitoring').then((m) => m.statusPageRoutes),
  },
  {
    path: 'ssh',
    label: 'SSH',
    icon: ICONS.sshHost,
    permission: 'ssh:exec',
    loadChildren: () => import('@hyperion/web/ssh').then((m) => m.sshHostRoutes),
  },
  {
    path: 'files',
    label: 'Files',
    icon: ICONS.fileRoot,
    permission: 'files:read',
    loadChildren: () => import('@hyperion/web/files').then((m) => m.fileRootRoutes),
  },
];

/** The modules a user holding `can` permissions may open, in navigation order. */
export function visibleModules(
  modules: readonly ConsoleModule[],
  can: (permission: AnyPermission) => boolean,
): ConsoleModule[] {
  return modules.filter((module) => module.permission === undefined || can(module.permission));
}

/** Where `/` and unknown URLs land. */
export const DEFAULT_MODULE_PATH = 'health';
