import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Provider, Signal, Type, computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { Routes, provideRouter } from '@angular/router';
import type {
  AnyPermission,
  CurrentUser,
  IncidentSummary,
  IncidentsChangedEvent,
  ServerEventName,
  ServerEventPayload,
} from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { SocketService } from '@hyperion/web/realtime';
import { Observable, Subject } from 'rxjs';

/** For the page specs only: one page in a TestBed with a fake backend, user and socket. */
export interface PageHarness<T> {
  readonly fixture: ComponentFixture<T>;
  readonly backend: HttpTestingController;
  readonly socket: FakeSocket;
  find<E extends HTMLElement = HTMLElement>(testId: string): E | null;
  /** Its text, spaces collapsed. */
  text(testId: string): string | undefined;
  /** A severity or status chip in words (its marks left out): "High · Major", "Resolved". */
  chip(testId: string): string | undefined;
  /** Lets signals, effects, timers of 0 ms and rendering settle. */
  stable(): Promise<void>;
  click(testId: string): Promise<void>;
  /** Types into a field (`input` event), then lets the page settle. */
  type(testId: string, value: string): Promise<void>;
  /** Clicks a mat-checkbox or mat-radio-button (its input), or a plain one. */
  check(testId: string): Promise<void>;
  /** Opens a mat-select and picks the option showing `optionText`. */
  choose(selectTestId: string, optionText: string): Promise<void>;
  destroy(): void;
}

export const ME: CurrentUser = {
  id: 'u-me',
  username: 'ada',
  email: 'ada@example.com',
  displayName: 'Ada',
  roles: ['admin'],
  permissions: ['incidents:read', 'incidents:write'],
  twoFactorEnabled: false,
  recoveryCodesRemaining: 0,
  mustChangePassword: false,
  organization: { id: 'o', name: 'Default', slug: 'default' },
  organizations: [],
};

/** The socket as the pages use it: the connection state, reconnections, incidents:changed. */
export class FakeSocket
  implements Pick<SocketService, 'on' | 'reconnected$' | 'connected' | 'lostSince'>
{
  readonly connectedState = signal(false);
  readonly connected: Signal<boolean> = this.connectedState;
  readonly lostAt = signal<Date | null>(null);
  readonly lostSince: Signal<Date | null> = this.lostAt;
  private readonly reconnects = new Subject<void>();
  readonly reconnected$ = this.reconnects.asObservable();
  readonly incidentsChanged = new Subject<IncidentsChangedEvent>();

  constructor(connected = false) {
    this.connectedState.set(connected);
  }

  on<E extends ServerEventName>(event: E): Observable<ServerEventPayload<E>> {
    if (event !== 'incidents:changed') throw new Error(`unexpected event ${event}`);
    return this.incidentsChanged.asObservable() as unknown as Observable<ServerEventPayload<E>>;
  }

  changed(incident: IncidentSummary): void {
    this.incidentsChanged.next({ incident });
  }

  drop(at = new Date()): void {
    this.connectedState.set(false);
    this.lostAt.set(at);
  }

  reconnect(): void {
    this.connectedState.set(true);
    this.lostAt.set(null);
    this.reconnects.next();
  }
}

export interface OpenOptions {
  readonly held?: readonly AnyPermission[];
  readonly providers?: readonly Provider[];
  /** Route parameters and other inputs. */
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly connected?: boolean;
  readonly routes?: Routes;
}

export async function openPage<T>(
  page: Type<T>,
  options: OpenOptions = {},
): Promise<PageHarness<T>> {
  const permissions = signal(options.held ?? ['incidents:read', 'incidents:write']);
  const socket = new FakeSocket(options.connected ?? false);
  TestBed.configureTestingModule({
    imports: [page],
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideNoopAnimations(),
      provideRouter(options.routes ?? []),
      {
        provide: AuthService,
        useValue: {
          permissions,
          hasPermission: (p: AnyPermission) => permissions().includes(p),
          currentUser: computed(() => ({ ...ME, permissions: [...permissions()] })),
          organization: computed(() => ME.organization),
        },
      },
      { provide: SocketService, useValue: socket },
      ...(options.providers ?? []),
    ],
  });
  const backend = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(page);
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    fixture.componentRef.setInput(name, value);
  }
  document.body.appendChild(fixture.nativeElement);

  const find = <E extends HTMLElement = HTMLElement>(testId: string) =>
    document.querySelector<E>(`[data-testid="${testId}"]`);
  const stable = async () => {
    for (let i = 0; i < 3; i++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
    TestBed.tick();
  };
  const harness: PageHarness<T> = {
    fixture,
    backend,
    socket,
    find,
    text: (testId) => find(testId)?.textContent?.replace(/\s+/g, ' ').trim(),
    chip: (testId) => {
      const chip = find(testId);
      if (!chip) return undefined;
      return Array.from(chip.querySelectorAll('.label, .sheet'))
        .map((part) => part.textContent?.trim())
        .join(' ');
    },
    stable,
    click: async (testId) => {
      const element = find(testId);
      if (!element) throw new Error(`Nothing to click: ${testId}`);
      element.click();
      await stable();
    },
    type: async (testId, value) => {
      const input = find<HTMLInputElement | HTMLTextAreaElement>(testId);
      if (!input) throw new Error(`No field ${testId}`);
      input.value = value;
      input.dispatchEvent(new Event('input'));
      input.dispatchEvent(new Event('change'));
      await stable();
    },
    check: async (testId) => {
      const box =
        find(testId)?.querySelector<HTMLInputElement>('input') ?? find<HTMLInputElement>(testId);
      if (!box) throw new Error(`No checkbox ${testId}`);
      box.click();
      await stable();
    },
    choose: async (selectTestId, optionText) => {
      const select = find(selectTestId);
      if (!select) throw new Error(`No select ${selectTestId}`);
      select.click();
      await stable();
      const option = Array.from(document.querySelectorAll<HTMLElement>('mat-option')).find(
        (o) => o.textContent?.replace(/\s+/g, ' ').trim() === optionText,
      );
      if (!option) {
        const offered = Array.from(document.querySelectorAll('mat-option')).map((o) =>
          o.textContent?.trim(),
        );
        throw new Error(`No option ${optionText} (offered: ${offered.join(' | ')})`);
      }
      option.click();
      await stable();
      // A multiple select stays open: close it.
      document.querySelector<HTMLElement>('.cdk-overlay-backdrop')?.click();
      await stable();
    },
    destroy: () => {
      try {
        backend.verify();
      } finally {
        fixture.destroy();
        (fixture.nativeElement as HTMLElement).remove();
        document.querySelectorAll('.cdk-overlay-container').forEach((node) => node.remove());
        TestBed.resetTestingModule();
      }
    },
  };
  await stable();
  return harness;
}

/** An API refusal as HttpTestingController flushes it. */
export function refusal(status: number, message: string | string[]) {
  return [
    { statusCode: status, error: 'Refused', message, correlationId: 'c1' },
    { status, statusText: 'Refused' },
  ] as const;
}
