/**
 * What jsdom lacks and every browser has, for the specs that run xterm.js and asciinema-player:
 * media queries (xterm reads the device pixel ratio) and ResizeObserver (both fit to their box;
 * jsdom lays nothing out, so it never fires). Only added where missing.
 */
export function installBrowserShims(): void {
  if (!window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
      configurable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }),
    });
  }
  if (typeof globalThis.ResizeObserver === 'undefined') {
    class NoLayoutResizeObserver {
      observe(): void {
        // jsdom lays nothing out: no size ever changes.
      }
      unobserve(): void {
        // Nothing observed.
      }
      disconnect(): void {
        // Nothing observed.
      }
    }
    Object.defineProperty(globalThis, 'ResizeObserver', {
      configurable: true,
      value: NoLayoutResizeObserver,
    });
  }
}
