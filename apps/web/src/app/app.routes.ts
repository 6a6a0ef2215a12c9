import { Routes } from '@angular/router';

import { CONSOLE_MODULES, DEFAULT_MODULE_PATH } from './console-modules';

export const appRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: DEFAULT_MODULE_PATH },
  ...CONSOLE_MODULES.map(({ path, loadChildren }) => ({ path, loadChildren })),
  { path: '**', redirectTo: DEFAULT_MODULE_PATH },
];
