/**
 * Loads one of the console's lazy style sheets (apps/web/project.json `styles` entries with
 * `inject: false`: xterm's and asciinema-player's, emitted as `<bundleName>.css`) once, the
 * first time a page needs it, so the login page downloads neither. Resolves when it loaded or
 * failed, or after two seconds: the page works without it, only less pretty.
 */
export function loadStyleSheet(bundleName: string): Promise<void> {
  if (typeof document === 'undefined') return Promise.resolve();
  const existing = document.head.querySelector<HTMLLinkElement>(
    `link[data-hyp-style="${bundleName}"]`,
  );
  if (existing) return Promise.resolve();
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL(`${bundleName}.css`, document.baseURI).href;
  link.dataset['hypStyle'] = bundleName;
  const loaded = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    link.addEventListener('load', done, { once: true });
    link.addEventListener('error', done, { once: true });
  });
  document.head.appendChild(link);
  return loaded;
}
