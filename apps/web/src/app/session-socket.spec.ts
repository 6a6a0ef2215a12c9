import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import {
  AUTH_ROUTES,
  CurrentUser,
  ORGANIZATION_ROUTES,
  SocketAuth,
  TokenPair,
} from '@hyperion/contracts';
import {
  AuthService,
  FakeSessionTabs,
  SessionTabs,
  authInterceptor,
} from '@hyperion/web/auth-data';
import {
  HyperionSocket,
  SOCKET_FACTORY,
  SocketAuthProvider,
  SocketService,
} from '@hyperion/web/realtime';

import { socketFollowsSession } from './app.config';

/** Records each handshake's token; `connect()` / `disconnect()` as socket.io's client has them. */
class FakeSocket {
  connected = false;
  active = false;
  readonly handshakes: string[] = [];
  disconnects = 0;

  constructor(private readonly auth: SocketAuthProvider) {}

  connect(): this {
    this.auth((data: SocketAuth) => this.handshakes.push(data.token));
    return this;
  }
  disconnect(): this {
    this.disconnects++;
    return this;
  }
  on(): this {
    return this;
  }
  off(): this {
    return this;
  }
  close(): this {
    return this;
  }
}

@Component({ template: '' })
class Blank {}

const inBeta: CurrentUser = {
  id: 'u1',
  username: 'admin',
  email: 'admin@localhost',
  displayName: 'Administrator',
  roles: ['admin'],
  permissions: ['users:admin', 'audit:read', 'platform:admin'],
  twoFactorEnabled: false,
  recoveryCodesRemaining: 0,
  mustChangePassword: false,
  organization: { id: 'org-beta', name: 'Beta', slug: 'beta' },
  organizations: [
    { id: 'org-default', name: 'Default', slug: 'default', roles: ['admin'] },
    { id: 'org-beta', name: 'Beta', slug: 'beta', roles: ['admin'] },
  ],
};

const defaultPair: TokenPair = {
  accessToken: 'access-default',
  expiresIn: 900,
  mustChangePassword: false,
};

const betaPair: TokenPair = {
  accessToken: 'access-beta',
  expiresIn: 900,
  mustChangePassword: false,
};

describe('The realtime connection across an organisation switch (app wiring)', () => {
  it('reconnects with the new session token once the switch is answered', () => {
    let socket: FakeSocket | undefined;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: Blank }]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: SessionTabs, useValue: new FakeSessionTabs() },
        {
          provide: SOCKET_FACTORY,
          useValue: (auth: SocketAuthProvider) => {
            socket = new FakeSocket(auth);
            return socket as unknown as HyperionSocket;
          },
        },
        socketFollowsSession,
      ],
    });
    const backend = TestBed.inject(HttpTestingController);
    const auth = TestBed.inject(AuthService);
    TestBed.inject(SocketService);
    // Signed in (the access token lives in memory only).
    auth.login({ username: 'admin', password: 'pw' }).subscribe();
    backend.expectOne(AUTH_ROUTES.login).flush(defaultPair);
    backend
      .expectOne(AUTH_ROUTES.me)
      .flush({ ...inBeta, organization: { id: 'org-default', name: 'Default', slug: 'default' } });
    TestBed.tick();
    expect(socket?.handshakes).toEqual(['access-default']);

    auth.switchOrganization('org-beta').subscribe();
    TestBed.tick();
    expect(socket?.handshakes).toEqual(['access-default']);
    backend.expectOne(ORGANIZATION_ROUTES.switch).flush(betaPair);
    TestBed.tick();

    expect(socket?.disconnects).toBe(1);
    expect(socket?.handshakes).toEqual(['access-default', 'access-beta']);
    backend.expectOne(AUTH_ROUTES.me).flush(inBeta);
    TestBed.tick();
    expect(socket?.handshakes).toEqual(['access-default', 'access-beta']);
    backend.verify();
  });
});
