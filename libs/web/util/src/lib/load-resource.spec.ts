import { HttpClient, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import {
  EnvironmentInjector,
  createEnvironmentInjector,
  runInInjectionContext,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { LoadedResource, loadResource } from './load-resource';

const URL = '/api/v1/things';

/** Lets the resource's effect start the request, and its answer settle. */
async function settle(): Promise<void> {
  TestBed.tick();
  await new Promise((resolve) => setTimeout(resolve));
  TestBed.tick();
}

describe('loadResource', () => {
  let backend: HttpTestingController;
  let injector: EnvironmentInjector;
  let loads: number;

  function setUp(): LoadedResource<string[]> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    const http = TestBed.inject(HttpClient);
    injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    loads = 0;
    return runInInjectionContext(injector, () =>
      loadResource({
        load: () => {
          loads++;
          return http.get<string[]>(URL);
        },
        initial: [],
        errorMessage: 'The things could not be loaded.',
      }),
    );
  }

  afterEach(() => backend.verify());

  it('loads at once, showing the progress until the answer arrives', async () => {
    const things = setUp();
    await settle();

    expect(things.loading()).toBe(true);
    expect(things.value()).toEqual([]);
    expect(things.error()).toBeNull();

    backend.expectOne(URL).flush(['a', 'b']);
    await settle();

    expect(things.loading()).toBe(false);
    expect(things.value()).toEqual(['a', 'b']);
    expect(things.error()).toBeNull();
  });

  it("shows the API's message on failure, and retries on reload", async () => {
    const things = setUp();
    await settle();
    backend
      .expectOne(URL)
      .flush(
        { statusCode: 403, error: 'Forbidden', message: 'Missing permission users:admin' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle();

    expect(things.error()).toBe("You don't have permission to do that (it needs users:admin)");
    expect(things.value()).toEqual([]);
    expect(things.loading()).toBe(false);

    things.reload();
    await settle();
    expect(things.loading()).toBe(true);
    expect(things.error()).toBeNull();
    backend.expectOne(URL).flush(['c']);
    await settle();

    expect(loads).toBe(2);
    expect(things.value()).toEqual(['c']);
    expect(things.error()).toBeNull();
  });

  it('falls back to its own message when the API gives none', async () => {
    const things = setUp();
    await settle();
    backend.expectOne(URL).flush('<html>I am a teapot</html>', { status: 418, statusText: 'Tea' });
    await settle();

    expect(things.error()).toBe('The things could not be loaded. (HTTP 418)');
  });

  it('keeps the loaded value while reloading, then shows the new one', async () => {
    const things = setUp();
    await settle();
    backend.expectOne(URL).flush(['a']);
    await settle();

    things.reload();
    await settle();
    expect(things.loading()).toBe(true);
    expect(things.value()).toEqual(['a']);
    backend.expectOne(URL).flush(['a', 'b']);
    await settle();

    expect(things.value()).toEqual(['a', 'b']);
  });

  it('lets the page patch the value after its own changes, without loading again', async () => {
    const things = setUp();
    await settle();
    backend.expectOne(URL).flush(['a']);
    await settle();

    things.update((list) => [...list, 'b']);
    things.update((list) => list.filter((item) => item !== 'a'));
    await settle();

    expect(things.value()).toEqual(['b']);
    expect(loads).toBe(1);
    backend.expectNone(URL);
  });

  it('loads again when the page patches the value while a load is under way', async () => {
    const things = setUp();
    await settle();
    const first = backend.expectOne(URL);

    things.update((list) => [...list, 'created']);
    await settle();

    expect(first.cancelled).toBe(true);
    expect(things.value()).toEqual(['created']);
    backend.expectOne(URL).flush(['old', 'created']);
    await settle();
    expect(things.value()).toEqual(['old', 'created']);
    expect(loads).toBe(2);
  });

  it('cancels the request when the page goes away', async () => {
    setUp();
    await settle();
    const request = backend.expectOne(URL);

    injector.destroy();

    expect(request.cancelled).toBe(true);
  });
});
