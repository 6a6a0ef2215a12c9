import { SSH_HOST_ROUTES, SSH_TERMINAL_ROUTES } from '@hyperion/contracts';

import { OpenOptions, PageHarness, openPage, refusal } from '../testing/page-harness';
import { sshHostRow } from '../testing/ssh-host-fixtures';
import { sshSessionRow } from '../testing/ssh-session-fixtures';
import { SshSessionsPage } from './ssh-sessions-page';

const mineLive = sshSessionRow({
  id: 's-live',
  state: 'live',
  endReason: null,
  exitCode: null,
  endedAt: null,
  commandCount: 4,
});
const mineEnded = sshSessionRow({ id: 's-ended', exitCode: 2 });
const theirsLive = sshSessionRow({
  id: 's-theirs',
  state: 'live',
  endReason: null,
  exitCode: null,
  endedAt: null,
  userId: 'u-other',
  username: 'alice',
});

describe('SshSessionsPage', { timeout: 60_000 }, () => {
  let page: PageHarness<SshSessionsPage>;

  async function open(held?: OpenOptions['held']) {
    page = await openPage(SshSessionsPage, held ? { held } : {});
    page.backend
      .expectOne({ method: 'GET', url: SSH_HOST_ROUTES.collection })
      .flush([
        sshHostRow({ id: 'h-alpha', name: 'alpha' }),
        sshHostRow({ id: 'h-beta', name: 'beta' }),
      ]);
  }
  const list = () =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === SSH_TERMINAL_ROUTES.sessions);

  afterEach(() => page.destroy());

  it('lists sessions: host, who, when, how long, how they ended, commands; attach only to my live ones', async () => {
    await open();
    list().flush([mineLive, mineEnded, theirsLive]);
    await page.stable();

    expect(page.text('ssh-session-state-s-ended')).toBe('Ended: shell exited (code 2)');
    expect(page.text('ssh-session-state-s-live')).toBe('Live');
    expect(page.text('ssh-session-commands-s-live')).toBe('4');
    const ended = page.find('ssh-session-row-s-ended')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(ended).toContain('alpha');
    expect(ended).toContain('ops@10.0.0.5:22');
    expect(ended).toContain('You');
    expect(ended).toContain('3 min 07 s');
    expect(page.find('ssh-session-row-s-theirs')?.textContent).toContain('alice');

    expect(page.find('ssh-session-attach-s-live')?.getAttribute('href')).toBe(
      '/terminal?session=s-live',
    );
    expect(page.find('ssh-session-attach-s-ended')).toBeNull();
    expect(page.find('ssh-session-attach-s-theirs')).toBeNull();
    expect(page.find('ssh-session-replay-s-ended')?.getAttribute('href')).toBe('/s-ended');
  });

  it('filters by host, state and the text of a command typed', async () => {
    await open();
    list().flush([mineLive, mineEnded]);
    await page.stable();

    await page.choose('ssh-sessions-filter-host', 'beta');
    await page.choose('ssh-sessions-filter-state', 'Ended');
    await page.type('ssh-sessions-filter-command', '  systemctl restart  ');
    await page.click('ssh-sessions-filter-apply');
    const filtered = list();
    expect(filtered.request.params.get('hostId')).toBe('h-beta');
    expect(filtered.request.params.get('state')).toBe('ended');
    expect(filtered.request.params.get('command')).toBe('systemctl restart');
    filtered.flush([]);
    await page.stable();
    expect(page.text('ssh-sessions-empty')).toBe('No session matches these filters.');

    await page.click('ssh-sessions-filter-clear');
    const all = list();
    expect(all.request.params.keys()).toEqual([]);
    all.flush([mineEnded]);
    await page.stable();
    expect(page.find('ssh-session-row-s-ended')).not.toBeNull();
  });

  it('says why the list could not be loaded, and retries', async () => {
    await open(['ssh:exec']);
    list().flush(...refusal(503, 'The database is not answering.'));
    await page.stable();
    expect(page.text('ssh-sessions-error')).toContain('The terminal sessions could not be loaded.');
    await page.click('ssh-sessions-retry');
    list().flush([]);
    await page.stable();
    expect(page.text('ssh-sessions-empty')).toContain('No terminal sessions yet.');
  });
});
