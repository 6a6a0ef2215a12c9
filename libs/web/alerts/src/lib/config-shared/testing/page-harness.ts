import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Provider, Type, computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';
import type { AnyPermission, CurrentUser } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';

/** For the page specs only: one page in a TestBed with a fake backend and a signed-in user. */
export interface PageHarness<T> {
  readonly fixture: ComponentFixture<T>;
  readonly backend: HttpTestingController;
  /** The page's element. */
  el(): HTMLElement;
  /** An element of the page or of a dialog (dialogs live in the overlay, outside the page). */
  find<E extends HTMLElement = HTMLElement>(testId: string): E | null;
  /** Its text, spaces collapsed. */
  text(testId: string): string | undefined;
  /** Lets signals, effects, timers of 0 ms and rendering settle. */
  stable(): Promise<void>;
  click(testId: string): Promise<void>;
  type(testId: string, value: string): void;
  /** Clicks a mat-checkbox (its input) or a plain checkbox. */
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
  permissions: ['alerts:read', 'alerts:write', 'notifications:read'],
  twoFactorEnabled: false,
  recoveryCodesRemaining: 0,
  mustChangePassword: false,
  organization: { id: 'o', name: 'Default', slug: 'default' },
  organizations: [],
};

/** `providers`: more of them, or fakes in place of the real ones; `inputs`: route parameters. */
export async function openPage<T>(
  page: Type<T>,
  held: readonly AnyPermission[] = ['alerts:read', 'alerts:write', 'notifications:read'],
  providers: readonly Provider[] = [],
  inputs: Readonly<Record<string, unknown>> = {},
): Promise<PageHarness<T>> {
  const permissions = signal(held);
  TestBed.configureTestingModule({
    imports: [page],
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideNoopAnimations(),
      // Links (a page step's delivery) resolve against an empty router.
      provideRouter([]),
      {
        provide: AuthService,
        useValue: {
          permissions,
          hasPermission: (p: AnyPermission) => permissions().includes(p),
          currentUser: computed(() => ({ ...ME, permissions: [...permissions()] })),
          organization: computed(() => ME.organization),
        },
      },
      ...providers,
    ],
  });
  const backend = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(page);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  document.body.appendChild(fixture.nativeElement);

  const el = () => fixture.nativeElement as HTMLElement;
  const find = <E extends HTMLElement = HTMLElement>(testId: string) =>
    document.querySelector<E>(`[data-testid="${testId}"]`);
  const stable = async () => {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  };
  const harness: PageHarness<T> = {
    fixture,
    backend,
    el,
    find,
    text: (testId) => find(testId)?.textContent?.replace(/\s+/g, ' ').trim(),
    stable,
    click: async (testId) => {
      const element = find(testId);
      if (!element) throw new Error(`Nothing to click: ${testId}`);
      element.click();
      await stable();
    },
    check: async (testId) => {
      const box =
        find(testId)?.querySelector<HTMLInputElement>('input') ?? find<HTMLInputElement>(testId);
      if (!box) throw new Error(`No checkbox ${testId}`);
      box.click();
      await stable();
    },
    type: (testId, value) => {
      const input = find<HTMLInputElement | HTMLTextAreaElement>(testId);
      if (!input) throw new Error(`No field ${testId}`);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    },
    choose: async (selectTestId, optionText) => {
      const select = find(selectTestId);
      if (!select) throw new Error(`No select ${selectTestId}`);
      select.click();
      await stable();
      const option = Array.from(document.querySelectorAll<HTMLElement>('mat-option')).find(
        (o) => o.textContent?.trim() === optionText,
      );
      if (!option) throw new Error(`No option ${optionText}`);
      option.click();
      await stable();
    },
    destroy: () => {
      try {
        backend.verify();
      } finally {
        fixture.destroy();
        el().remove();
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
