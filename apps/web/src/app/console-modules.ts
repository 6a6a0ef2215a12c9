import { LoadChildren } from '@angular/router';

/** Icons are inline SVG path data (24×24): the console must work without fetching icon fonts. */
const ICONS = {
  health:
    'M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54L12 21.35z',
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
}

/**
 * The console's modules, in navigation order. Adding a module (incidents, alerts, monitoring…)
 * is one entry here: the route and the navigation link both derive from it.
 */
export const CONSOLE_MODULES: readonly ConsoleModule[] = [
  {
    path: 'health',
    label: 'Health',
    icon: ICONS.health,
    loadChildren: () => import('@hyperion/web/health').then((m) => m.healthRoutes),
  },
];

/** Where `/` and unknown URLs land. */
export const DEFAULT_MODULE_PATH = 'health';
