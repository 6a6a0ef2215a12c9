import type { SshSessionSummary, TerminalAttachAnswer } from '@hyperion/contracts';
import { SSH_HOST_ROUTES } from '@hyperion/contracts';

import { installBrowserShims } from '../testing/browser-shims';
import { FakeSocket, fakeSocketProviders } from '../testing/fake-socket';
import { CURRENT_USER_ID, PageHarness, openPage } from '../testing/page-harness';
import { sshHostRow } from '../testing/ssh-host-fixtures';
import { SshTerminalPage } from './ssh-terminal-page';
import { TERMINAL_STORAGE_KEY } from './terminal-tabs';

const alpha = sshHostRow({ id: 'h-alpha', name: 'alpha' });
const beta = sshHostRow({ id: 'h-beta', name: 'beta', address: '10.0.0.6' });

function session(overrides: Partial<SshSessionSummary> = {}): SshSessionSummary {
  return {
    id: 's-1',
    hostId: 'h-alpha',
    hostName: 'alpha',
    target: 'ops@10.0.0.5:22',
    userId: CURRENT_USER_ID,
    username: 'me',
    state: 'live',
    endReason: null,
    exitCode: null,
    cols: 80,
    rows: 24,
    recordsInput: false,
    commandCount: 0,
    recordingBytes: 0,
    startedAt: '2026-01-30T14:00:00.000Z',
    lastActivityAt: '2026-01-30T14:00:00.000Z',
    endedAt: null,
    ...overrides,
  };
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer;
const attached = (s: SshSessionSummary, scrollback = ''): TerminalAttachAnswer => ({
  ok: true,
  session: s,
  scrollback: bytes(scrollback),
});

/** Lets xterm (loaded on demand) start and render. */
const settle = async (page: PageHarness<unknown>, rounds = 20) => {
  for (let i = 0; i < rounds; i++) {
    await page.stable();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('SshTerminalPage', { timeout: 60_000 }, () => {
  let page: PageHarness<SshTerminalPage>;
  let socket: FakeSocket | undefined;

  const server = (): FakeSocket => {
    if (!socket) throw new Error('No socket was created');
    return socket;
  };

  /** What the tab's terminal shows, row by row (xterm's own rows, as a screen reader gets them). */
  const screenText = (key: string) =>
    (
      page.find(`ssh-terminal-screen-${key}`)?.querySelector('.xterm-rows')?.textContent ?? ''
    ).replace(/\u00a0/g, ' ');

  async function open(inputs: Record<string, unknown> = {}, up = false) {
    page = await openPage(SshTerminalPage, {
      inputs,
      providers: fakeSocketProviders((created) => (socket = created), up),
    });
    page.backend.expectOne({ method: 'GET', url: SSH_HOST_ROUTES.collection }).flush([alpha, beta]);
    await settle(page);
  }

  const firstTabKey = () =>
    page
      .find('ssh-terminal-tabs')
      ?.querySelector('[role="tab"]')
      ?.id.replace('ssh-terminal-tab-', '') ?? '';

  beforeAll(() => installBrowserShims());
  beforeEach(() => sessionStorage.clear());
  afterEach(() => {
    page.destroy();
    socket = undefined;
    sessionStorage.clear();
  });

  it('opens a terminal on the host it was sent to, shows the output, and sends what is typed', async () => {
    await open({ host: 'h-alpha', name: 'alpha' });
    const key = firstTabKey();
    expect(page.text(`ssh-terminal-tab-${key}`)).toContain('alpha');
    // Not connected yet: nothing sent, the tab says it is connecting.
    expect(server().sent('terminal:open')).toEqual([]);
    expect(page.text(`ssh-terminal-state-${key}`)).toBe('Connecting…');

    server().fire('connect');
    await settle(page);
    const request = server().last('terminal:open');
    expect(request.payload).toMatchObject({ hostId: 'h-alpha' });
    const { cols, rows } = request.payload as { cols: number; rows: number };
    expect(cols).toBeGreaterThanOrEqual(10);
    expect(rows).toBeGreaterThanOrEqual(2);

    request.ack?.(attached(session({ cols, rows }), 'Welcome to alpha\r\nops@alpha:~$ '));
    await settle(page);
    expect(page.text(`ssh-terminal-state-${key}`)).toBe('Live');
    expect(page.find(`ssh-terminal-error-${key}`)).toBeNull();
    expect(screenText(key)).toContain('Welcome to alpha');
    expect(JSON.parse(sessionStorage.getItem(TERMINAL_STORAGE_KEY) ?? '[]')).toEqual([
      { sessionId: 's-1', hostId: 'h-alpha', hostName: 'alpha' },
    ]);

    server().fire('terminal:output', { sessionId: 's-1', data: bytes('hello-output-1\r\n') });
    // Another session's output is not this tab's.
    server().fire('terminal:output', { sessionId: 's-other', data: bytes('not-mine\r\n') });
    await settle(page);
    expect(screenText(key)).toContain('hello-output-1');
    expect(screenText(key)).not.toContain('not-mine');

    const textarea = page
      .find(`ssh-terminal-screen-${key}`)
      ?.querySelector<HTMLTextAreaElement>('textarea');
    expect(textarea).toBeTruthy();
    textarea?.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', keyCode: 76, bubbles: true }));
    textarea?.dispatchEvent(
      new KeyboardEvent('keypress', { key: 'l', charCode: 108, keyCode: 108, bubbles: true }),
    );
    await settle(page, 3);
    expect(
      server()
        .sent('terminal:input')
        .map((e) => e.payload),
    ).toEqual([{ sessionId: 's-1', data: 'l' }]);
  });

  it('opens exactly one session for the tab when the connection is already up', async () => {
    await open({ host: 'h-alpha', name: 'alpha' }, true);
    expect(server().sent('terminal:open')).toHaveLength(1);
    server().last('terminal:open').ack?.(attached(session()));
    await settle(page);
    expect(page.text(`ssh-terminal-state-${firstTabKey()}`)).toBe('Live');
    expect(server().sent('terminal:open')).toHaveLength(1);
    expect(server().sent('terminal:attach')).toHaveLength(0);
  });

  it('goes stale when the connection drops, then attaches again and rewrites the scrollback', async () => {
    await open({ host: 'h-alpha' });
    server().fire('connect');
    await settle(page);
    server().last('terminal:open').ack?.(attached(session(), 'before-the-drop\r\n'));
    await settle(page);
    const key = firstTabKey();

    server().fire('disconnect', 'transport close');
    await settle(page);
    expect(page.text(`ssh-terminal-state-${key}`)).toContain('Reconnecting');
    expect(page.find('ssh-terminal-offline')).not.toBeNull();
    // Typed while down: dropped, not queued for later.
    const textarea = page
      .find(`ssh-terminal-screen-${key}`)
      ?.querySelector<HTMLTextAreaElement>('textarea');
    textarea?.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', keyCode: 88, bubbles: true }));
    textarea?.dispatchEvent(
      new KeyboardEvent('keypress', { key: 'x', charCode: 120, keyCode: 120, bubbles: true }),
    );
    await settle(page, 3);
    expect(server().sent('terminal:input')).toEqual([]);

    server().fire('connect');
    await settle(page);
    const attach = server().last('terminal:attach');
    expect(attach.payload).toEqual({ sessionId: 's-1' });
    // Output that races the answer is in the scrollback already: not written twice.
    server().fire('terminal:output', { sessionId: 's-1', data: bytes('during-the-drop\r\n') });
    attach.ack?.(attached(session(), 'before-the-drop\r\nduring-the-drop\r\n'));
    await settle(page);
    expect(page.text(`ssh-terminal-state-${key}`)).toBe('Live');
    const text = screenText(key);
    expect(text.match(/before-the-drop/g)).toHaveLength(1);
    expect(text.match(/during-the-drop/g)).toHaveLength(1);
    expect(server().sent('terminal:input')).toEqual([]);
  });

  it('after a reload, attaches each stored tab to its session and shows its scrollback', async () => {
    sessionStorage.setItem(
      TERMINAL_STORAGE_KEY,
      JSON.stringify([
        { sessionId: 's-1', hostId: 'h-alpha', hostName: 'alpha' },
        { sessionId: 's-2', hostId: 'h-beta', hostName: 'beta' },
      ]),
    );
    await open();
    const tabs = page.find('ssh-terminal-tabs')?.querySelectorAll('[role="tab"]') ?? [];
    expect(Array.from(tabs).map((t) => t.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'alpha (Attaching to the session…)',
      'beta (Attaching to the session…)',
    ]);
    server().fire('connect');
    await settle(page);
    expect(
      server()
        .sent('terminal:attach')
        .map((e) => e.payload),
    ).toEqual([{ sessionId: 's-1' }, { sessionId: 's-2' }]);
    const [first, second] = server().sent('terminal:attach');
    first.ack?.(attached(session(), 'echo marker-42\r\nmarker-42\r\n'));
    // The second session ended meanwhile: the API says so.
    second.ack?.({ ok: false, error: 'Terminal session s-2 was not found.', status: 404 });
    await settle(page);
    const key = firstTabKey();
    expect(page.text(`ssh-terminal-state-${key}`)).toBe('Live');
    expect(screenText(key)).toContain('marker-42');
    expect(JSON.parse(sessionStorage.getItem(TERMINAL_STORAGE_KEY) ?? '[]')).toEqual([
      { sessionId: 's-1', hostId: 'h-alpha', hostName: 'alpha' },
    ]);
  });

  it('shows how a session ended, and closes the tab (ending nothing more) on request', async () => {
    await open({ host: 'h-alpha' });
    server().fire('connect');
    await settle(page);
    server().last('terminal:open').ack?.(attached(session()));
    await settle(page);
    const key = firstTabKey();

    server().fire('terminal:ended', {
      sessionId: 's-1',
      reason: 'exited',
      exitCode: 3,
      message: '',
    });
    await settle(page);
    expect(page.text(`ssh-terminal-state-${key}`)).toBe('Ended');
    expect(page.text(`ssh-terminal-ended-${key}`)).toBe('The remote shell exited with code 3.');
    expect(sessionStorage.getItem(TERMINAL_STORAGE_KEY)).toBeNull();
    expect(page.find(`ssh-terminal-reconnect-${key}`)).not.toBeNull();

    await page.click(`ssh-terminal-close-${key}`);
    expect(page.find('ssh-terminal-empty')).not.toBeNull();
    expect(server().sent('terminal:close')).toEqual([]);
  });

  it('closing a live tab ends its session on the server', async () => {
    await open({ host: 'h-alpha' });
    server().fire('connect');
    await settle(page);
    server().last('terminal:open').ack?.(attached(session()));
    await settle(page);
    const key = firstTabKey();
    await page.click(`ssh-terminal-tab-close-${key}`);
    expect(server().last('terminal:close').payload).toEqual({ sessionId: 's-1' });
    expect(sessionStorage.getItem(TERMINAL_STORAGE_KEY)).toBeNull();
  });

  it("shows a changed host key with the API's words and a link to the host, and a refusal", async () => {
    await open({ host: 'h-alpha' });
    server().fire('connect');
    await settle(page);
    server().last('terminal:open').ack?.({
      ok: false,
      status: 409,
      error: 'The host key of alpha changed: SHA256:old is trusted, SHA256:new was offered.',
    });
    await settle(page);
    const key = firstTabKey();
    expect(page.text(`ssh-terminal-state-${key}`)).toBe('Could not connect');
    expect(page.text(`ssh-terminal-error-${key}`)).toContain(
      "The host's key changed: the connection was refused. The host key of alpha changed: SHA256:old is trusted, SHA256:new was offered.",
    );
    expect(page.find(`ssh-terminal-host-link-${key}`)?.getAttribute('href')).toBe('/h-alpha');

    // Reconnect tries again in the same tab; this time the user may not.
    await page.click(`ssh-terminal-reconnect-${key}`);
    expect(server().sent('terminal:open')).toHaveLength(2);
    server()
      .last('terminal:open')
      .ack?.({ ok: false, status: 403, error: 'Missing permission: ssh:exec' });
    await settle(page);
    expect(page.text(`ssh-terminal-error-${key}`)).toBe(
      'Not allowed. Missing permission: ssh:exec',
    );
  });

  it("asks the host's keyboard-interactive questions, hiding the answers that must not echo", async () => {
    await open({ host: 'h-alpha', name: 'alpha' });
    server().fire('connect');
    await settle(page);
    server().fire('terminal:prompt', {
      sessionId: 's-9',
      name: 'Two-step sign-in',
      instructions: 'Answer both.',
      prompts: [
        { prompt: 'Password: ', echo: false },
        { prompt: 'Your team: ', echo: true },
      ],
    });
    await settle(page);
    expect(document.querySelector('mat-dialog-container h2')?.textContent?.trim()).toBe(
      'Sign in to “alpha”',
    );
    expect(page.text('ssh-terminal-prompt-instructions')).toBe('Answer both.');
    expect(page.find<HTMLInputElement>('ssh-terminal-prompt-answer-0')?.type).toBe('password');
    expect(page.find<HTMLInputElement>('ssh-terminal-prompt-answer-1')?.type).toBe('text');
    await page.type('ssh-terminal-prompt-answer-0', 's3cret');
    await page.type('ssh-terminal-prompt-answer-1', 'ops');
    await page.click('ssh-terminal-prompt-submit');
    await settle(page, 5);
    expect(server().last('terminal:prompt-answer').payload).toEqual({
      sessionId: 's-9',
      answers: ['s3cret', 'ops'],
    });
    expect(page.find('ssh-terminal-prompt')).toBeNull();

    // A round whose session ends before it is answered goes away by itself.
    server().fire('terminal:prompt', {
      sessionId: 's-9',
      name: '',
      instructions: '',
      prompts: [{ prompt: 'Verification code: ', echo: true }],
    });
    await settle(page);
    expect(page.find('ssh-terminal-prompt')).not.toBeNull();
    server().fire('terminal:ended', {
      sessionId: 's-9',
      reason: 'failed',
      exitCode: null,
      message: 'Authentication failed.',
    });
    await settle(page);
    expect(page.find('ssh-terminal-prompt')).toBeNull();
    expect(server().sent('terminal:prompt-answer')).toHaveLength(1);
    expect(server().sent('terminal:close')).toEqual([]);
  });

  it('opens several tabs from the host picker and moves between them with the arrow keys', async () => {
    await open();
    expect(page.find('ssh-terminal-empty')).not.toBeNull();
    server().fire('connect');
    await page.choose('ssh-terminal-host', 'alpha (ops@10.0.0.5:22)');
    await page.click('ssh-terminal-open');
    await page.choose('ssh-terminal-host', 'beta (ops@10.0.0.6:22)');
    await page.click('ssh-terminal-open');
    await settle(page);
    expect(
      server()
        .sent('terminal:open')
        .map((e) => (e.payload as { hostId: string }).hostId),
    ).toEqual(['h-alpha', 'h-beta']);
    const tabs = Array.from(
      page.find('ssh-terminal-tabs')?.querySelectorAll<HTMLElement>('[role="tab"]') ?? [],
    );
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['false', 'true']);
    tabs[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await settle(page, 2);
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    expect(tabs[0].getAttribute('tabindex')).toBe('0');
    const panels = Array.from(document.querySelectorAll<HTMLElement>('[role="tabpanel"]'));
    expect(panels.map((p) => p.hidden)).toEqual([false, true]);

    // Delete on a focused tab ends its session and closes it.
    server()
      .last('terminal:open')
      .ack?.(attached(session({ id: 's-beta', hostId: 'h-beta' })));
    await settle(page, 2);
    tabs[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }));
    await settle(page, 2);
    expect(server().last('terminal:close').payload).toEqual({ sessionId: 's-beta' });
    expect(page.find('ssh-terminal-tabs')?.querySelectorAll('[role="tab"]')).toHaveLength(1);
  });
});
