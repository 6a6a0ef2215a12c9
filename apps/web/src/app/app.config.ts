import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  Provider,
  inject,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { AuthService, authInterceptor, provideSessionRestore } from '@hyperion/web/auth-data';
import { SOCKET_ACCESS_TOKEN } from '@hyperion/web/realtime';

import { appRoutes } from './app.routes';

/**
 * The realtime connection follows the session: connected with its token, or not at all. A new
 * token (refresh, organisation switch) reconnects it; logging out disconnects it.
 */
export const socketFollowsSession: Provider = {
  provide: SOCKET_ACCESS_TOKEN,
  useFactory: () => inject(AuthService).socketToken,
};

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(appRoutes, withComponentInputBinding()),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    // A reload or a new tab starts from the HttpOnly refresh cookie: still signed in.
    provideSessionRestore(),
    socketFollowsSession,
  ],
};
