import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Provider, Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter } from '@angular/router';

/** For the page specs only: one page in a TestBed with a fake backend and user. */
export interface PageHarness<T> {
  readonly fixture: ComponentFixture<T>;
  readonly backend: HttpTestingController;
  find<E extends HTMLElement = HTMLElement>(testId: string): E | null;
  /** Its text, spaces collapsed. */
  text(testId: string): string | undefined;
  /** Lets signals, effects, timers of 0 ms and rendering settle. */
  stable(): Promise<void>;
  click(testId: string): Promise<void>;
  /** Types into a field (`input` event), then lets the page settle. */
  type(testId: string, value: string): Promise<void>;
  /** Opens a mat-select and picks the option showing `optionText`. */
  choose(selectTestId: string, optionText: string): Promise<void>;
  destroy(): void;
}

export interface PageOptions {
  /** Route parameters (`id`) as the router binds them. */
  readonly inputs?: Readonly<Record<string, unknown>>;
  /** The page's other providers: a fake signed-in user above all. */
  readonly providers?: readonly Provider[];
}

/**
 * For the page specs of the console's libs: one page in a TestBed with a fake backend
 * (HttpTestingController), no animations and an empty router. Each lib wraps it with its own
 * signed-in user and the permissions its pages need.
 */
export async function openPageWith<T>(
  page: Type<T>,
  options: PageOptions = {},
): Promise<PageHarness<T>> {
  TestBed.configureTestingModule({
    imports: [page],
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      provideNoopAnimations(),
      provideRouter([]),
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
    find,
    text: (testId) => find(testId)?.textContent?.replace(/\s+/g, ' ').trim(),
    stable,
    click: async (testId) => {
      const element = find(testId);
      if (!element) throw new Error(`Nothing to click: ${testId}`);
      element.click();
      await stable();
    },
    type: async (testId, value) => {
      const input = find<HTMLInputElement>(testId);
      if (!input) throw new Error(`No field ${testId}`);
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await stable();
    },
    choose: async (selectTestId, optionText) => {
      const select = find(selectTestId);
      if (!select) throw new Error(`No select ${selectTestId}`);
      select.click();
      await stable();
      const options = Array.from(document.querySelectorAll<HTMLElement>('mat-option'));
      const option = options.find((o) => o.textContent?.replace(/\s+/g, ' ').trim() === optionText);
      if (!option) {
        throw new Error(
          `No option ${optionText} (offered: ${options.map((o) => o.textContent?.trim()).join(' | ')})`,
        );
      }
      option.click();
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
    { statusCode: status, error: 'Refused', message, correlationId: 'c-42' },
    { status, statusText: 'Refused' },
  ] as const;
}
