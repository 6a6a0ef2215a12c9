import {
  HttpBackend,
  HttpXhrBackend,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { Routes } from '@angular/router';
import { authInterceptor } from '@hyperion/web/auth-data';

import { unsavedChangesGuard } from './editor/unsaved-changes.guard';
import { FileRootApi } from './file-root-api';
import { FilesApi } from './files-api';

/**
 * `/files/...` (apps/web's CONSOLE_MODULES guards it with files:read): the roots (and, with
 * files:admin, their forms), a root's browser and the editor. The fixed paths come before
 * `:rootId`.
 *
 * The module has its own HttpClient on the XMLHttpRequest backend, with the session's
 * interceptor: the console's fetch backend reports no upload progress, and uploads show theirs.
 */
export const fileRootRoutes: Routes = [
  {
    path: '',
    // The data-access services are provided here too, so they take this HttpClient (the
    // root-provided instances would take the console's fetch one).
    providers: [
      provideHttpClient(withInterceptors([authInterceptor])),
      // Without this, provideHttpClient() would find the console's fetch backend above it.
      { provide: HttpBackend, useExisting: HttpXhrBackend },
      FilesApi,
      FileRootApi,
    ],
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'Files · Hyperion',
        loadComponent: () =>
          import('./file-roots-page/file-roots-page').then((m) => m.FileRootsPage),
      },
      {
        path: 'roots/new',
        title: 'New file root · Hyperion',
        loadComponent: () =>
          import('./root-form/file-root-form-page').then((m) => m.FileRootFormPage),
      },
      {
        path: 'roots/:id/edit',
        title: 'Edit file root · Hyperion',
        loadComponent: () =>
          import('./root-form/file-root-form-page').then((m) => m.FileRootFormPage),
      },
      {
        path: ':rootId/edit',
        title: 'Edit file · Hyperion',
        canDeactivate: [unsavedChangesGuard],
        loadComponent: () => import('./editor/file-editor-page').then((m) => m.FileEditorPage),
      },
      {
        path: ':rootId',
        title: 'Files · Hyperion',
        loadComponent: () => import('./browser/file-browser-page').then((m) => m.FileBrowserPage),
      },
    ],
  },
];
