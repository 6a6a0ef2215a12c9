import { SSH_TERMINAL_ROUTES } from '@hyperion/contracts';

import { installBrowserShims } from '../testing/browser-shims';
import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { castOf, sshSessionDetail } from '../testing/ssh-session-fixtures';
import { SshSessionPage } from './ssh-session-page';

/** Lets asciinema-player (loaded on demand) start and render. */
const settle = async (page: PageHarness<unknown>, rounds = 20) => {
  for (let i = 0; i < rounds; i++) {
    await page.stable();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('SshSessionPage', { timeout: 60_000 }, () => {
  let page: PageHarness<SshSessionPage>;

  async function open() {
    page = await openPage(SshSessionPage, { inputs: { id: 's-1' } });
  }
  const detail = () =>
    page.backend.expectOne({ method: 'GET', url: SSH_TERMINAL_ROUTES.session('s-1') });
  const recording = () =>
    page.backend.expectOne(
      (r) => r.url === SSH_TERMINAL_ROUTES.recording('s-1') && !r.params.has('download'),
    );

  beforeAll(() => installBrowserShims());
  afterEach(() => page.destroy());

  it("shows the session, its commands, and the replay fetched with the console's token", async () => {
    await open();
    detail().flush(sshSessionDetail());
    const cast = recording();
    // Through HttpClient (its interceptors add the token), as text for the player.
    expect(cast.request.responseType).toBe('text');
    cast.flush(castOf([0.5, 'ops@alpha:~$ '], [3.2, 'echo hello-marker\r\nhello-marker\r\n']));
    await settle(page);

    expect(page.text('ssh-session-host')).toBe('Session on alpha');
    expect(page.text('ssh-session-state')).toBe('Ended: shell exited (code 0)');
    const commands = Array.from(
      page.find('ssh-session-commands')?.querySelectorAll('button') ?? [],
    ).map((b) => b.textContent?.replace(/\s+/g, ' ').trim());
    expect(commands).toEqual(['0:01 uptime', '0:03 echo hello-marker']);
    // The player itself draws on a canvas, which jsdom has not: the browser test
    // (apps/web-e2e/src/ssh-terminal.spec.ts) replays the recording in Chromium.
    expect(page.find('ssh-session-attach')).toBeNull();

    await page.click('ssh-session-command-c-2');
    expect(page.find('ssh-session-command-c-2')?.getAttribute('aria-current')).toBe('true');
  });

  it('downloads the recording with the token, as a file named after the host and the time', async () => {
    await open();
    detail().flush(sshSessionDetail());
    recording().flush(castOf([0.5, 'x']));
    await settle(page, 3);

    const clicked: string[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    };
    try {
      await page.click('ssh-session-download');
      const file = page.backend.expectOne(
        (r) => r.url === SSH_TERMINAL_ROUTES.recording('s-1') && r.params.get('download') === '1',
      );
      expect(file.request.responseType).toBe('blob');
      file.flush(new Blob(['{"version":2}\n']));
      await page.stable();
      expect(clicked).toEqual(['alpha-2026-01-30T14-00-00Z.cast']);
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
  });

  it('offers "Attach" on my live session, and says why a recording could not be loaded', async () => {
    await open();
    detail().flush(
      sshSessionDetail({ state: 'live', endReason: null, exitCode: null, endedAt: null }),
    );
    recording().flush(...refusal(404, 'The recording of session s-1 is gone (retention).'));
    await settle(page, 3);
    expect(page.find('ssh-session-attach')?.getAttribute('href')).toBe('/terminal?session=s-1');
    expect(page.text('ssh-session-recording-error')).toContain(
      'The recording of session s-1 is gone (retention).',
    );
  });
});
