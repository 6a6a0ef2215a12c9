import type { SshExecListItem, SshExecResult } from '@hyperion/contracts';
import { SSH_HOST_ROUTES } from '@hyperion/contracts';

import {
  CURRENT_USER_ID,
  OpenOptions,
  PageHarness,
  openPage,
  refusal,
} from '../testing/page-harness';
import { sshHostRow } from '../testing/ssh-host-fixtures';
import { SshHostDetailPage } from './ssh-host-detail-page';

const FP_OLD = `SHA256:${'A'.repeat(43)}`;
const FP_NEW = `SHA256:${'B'.repeat(43)}`;
const ID = 'h-db';

const trusted = sshHostRow({
  id: ID,
  name: 'db-1',
  hostKey: {
    fingerprint: FP_OLD,
    keyType: 'ssh-ed25519',
    trustedAt: '2026-01-30T14:00:00.000Z',
    pendingFingerprint: null,
    pendingKeyType: null,
  },
});
const changed = sshHostRow({
  ...trusted,
  hostKey: { ...trusted.hostKey, pendingFingerprint: FP_NEW, pendingKeyType: 'ssh-ed25519' },
});

const listed: SshExecListItem = {
  id: 'x-1',
  hostId: ID,
  userId: CURRENT_USER_ID,
  command: 'uptime',
  exitCode: 0,
  signal: null,
  truncated: false,
  timedOut: false,
  durationMs: 120,
  startedAt: '2026-02-01T03:00:00.000Z',
  finishedAt: '2026-02-01T03:00:00.120Z',
};
const ran: SshExecResult = {
  ...listed,
  id: 'x-2',
  command: 'systemctl status nginx',
  exitCode: 3,
  truncated: true,
  stdout: '● nginx.service\n     Active: failed',
  stderr: 'warning:   unit changed on disk',
};

describe('SshHostDetailPage', { timeout: 60_000 }, () => {
  let page: PageHarness<SshHostDetailPage>;

  async function open(
    host = trusted,
    execs: SshExecListItem[] = [],
    held?: OpenOptions['held'],
  ): Promise<void> {
    page = await openPage(SshHostDetailPage, { inputs: { id: ID }, ...(held ? { held } : {}) });
    page.backend.expectOne({ method: 'GET', url: SSH_HOST_ROUTES.item(ID) }).flush(host);
    page.backend.expectOne({ method: 'GET', url: SSH_HOST_ROUTES.collection }).flush([host]);
    page.backend.expectOne({ method: 'GET', url: SSH_HOST_ROUTES.execs(ID) }).flush(execs);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('warns of a changed key and approves exactly the pending fingerprint after confirmation', async () => {
    await open(changed);
    expect(page.text('ssh-key-trusted')).toContain(FP_OLD);
    expect(page.text('ssh-key-pending')).toContain('Key changed: approval needed.');
    expect(page.text('ssh-key-pending-fingerprint')).toBe(FP_NEW);

    await page.click('ssh-key-approve');
    const dialog = page.text('ssh-approve-dialog');
    expect(dialog).toContain(`Trusted until now: ${FP_OLD}.`);
    expect(dialog).toContain(`New key offered: ${FP_NEW} (ssh-ed25519).`);
    page.backend.expectNone(SSH_HOST_ROUTES.approveHostKey(ID));

    await page.click('ssh-approve-dialog-confirm');
    const approve = page.backend.expectOne({
      method: 'POST',
      url: SSH_HOST_ROUTES.approveHostKey(ID),
    });
    expect(approve.request.body).toEqual({ fingerprint: FP_NEW });
    approve.flush({ ...trusted, hostKey: { ...trusted.hostKey, fingerprint: FP_NEW } });
    await page.stable();
    page.backend.expectOne(SSH_HOST_ROUTES.item(ID)).flush({
      ...trusted,
      hostKey: { ...trusted.hostKey, fingerprint: FP_NEW },
    });
    page.backend.expectOne(SSH_HOST_ROUTES.collection).flush([]);
    await page.stable();
    expect(page.find('ssh-key-pending')).toBeNull();
    expect(page.text('ssh-key-trusted')).toContain(FP_NEW);
    expect(page.text('ssh-key-done')).toBe(`Approved: ${FP_NEW} is trusted now.`);
  });

  it('offers neither approving nor pinning without ssh:admin', async () => {
    await open(changed, [], ['ssh:exec']);
    expect(page.find('ssh-key-pending')).not.toBeNull();
    expect(page.find('ssh-key-approve')).toBeNull();
    expect(page.find('ssh-key-pin-input')).toBeNull();
    expect(page.find('ssh-run-command')).not.toBeNull();
  });

  it('pins only a fingerprint written as the rule says', async () => {
    await open();
    await page.type('ssh-key-pin-input', 'SHA256:short');
    await page.click('ssh-key-pin');
    expect(page.text('ssh-key-pin-error')).toBe(
      'SHA256: followed by 43 characters of base64, as ssh-keygen -l prints it.',
    );
    page.backend.expectNone(SSH_HOST_ROUTES.hostKey(ID));

    await page.type('ssh-key-pin-input', FP_NEW);
    await page.click('ssh-key-pin');
    const pin = page.backend.expectOne({ method: 'PUT', url: SSH_HOST_ROUTES.hostKey(ID) });
    expect(pin.request.body).toEqual({ fingerprint: FP_NEW });
    pin.flush({ ...trusted, hostKey: { ...trusted.hostKey, fingerprint: FP_NEW } });
    await page.stable();
    expect(page.text('ssh-key-trusted')).toContain(FP_NEW);
  });

  it('runs a command and shows its exit code, output as written and a truncation notice', async () => {
    await open();
    expect(page.text('ssh-execs-empty')).toBe('No command has been run on this host yet.');
    await page.type('ssh-run-command', 'systemctl status nginx');
    await page.type('ssh-run-timeout', '10');
    await page.click('ssh-run');
    expect(page.text('ssh-run')).toBe('Running…');

    const exec = page.backend.expectOne({ method: 'POST', url: SSH_HOST_ROUTES.exec(ID) });
    expect(exec.request.body).toEqual({ command: 'systemctl status nginx', timeoutSeconds: 10 });
    exec.flush(ran);
    await page.stable();
    page.backend.expectOne(SSH_HOST_ROUTES.execs(ID)).flush([ran, listed]);
    await page.stable();

    expect(page.text('ssh-run-exit')).toBe('Exit code 3');
    // Whitespace as the host wrote it (textContent, not collapsed).
    expect(page.find('ssh-run-stdout')?.textContent).toBe('● nginx.service\n     Active: failed');
    expect(page.find('ssh-run-stderr')?.textContent).toBe('warning:   unit changed on disk');
    expect(page.text('ssh-run-truncated')).toContain('Output truncated');
    expect(page.text('ssh-exec-x-1')).toContain('You');
    expect(page.text('ssh-exec-x-1')).toContain('uptime');
    expect(page.text('ssh-exec-x-1')).toContain('Exit code 0');
  });

  it('says why a command could not run, in the API’s words', async () => {
    await open();
    await page.type('ssh-run-command', 'uptime');
    await page.click('ssh-run');
    page.backend
      .expectOne({ method: 'POST', url: SSH_HOST_ROUTES.exec(ID) })
      .flush(...refusal(504, 'SSH: timed out connecting to 10.0.0.5:22 after 10 s'));
    await page.stable();
    page.backend.expectOne(SSH_HOST_ROUTES.execs(ID)).flush([]);
    await page.stable();
    expect(page.text('ssh-run-error')).toBe('SSH: timed out connecting to 10.0.0.5:22 after 10 s');
    expect(page.find('ssh-run-result')).toBeNull();
  });

  it('opens a past command with its full output', async () => {
    await open(trusted, [listed]);
    await page.click('ssh-exec-open-x-1');
    page.backend
      .expectOne({ method: 'GET', url: SSH_HOST_ROUTES.execItem(ID, 'x-1') })
      .flush({ ...listed, stdout: ' 03:00:00 up 12 days', stderr: '' });
    await page.stable();
    expect(page.text('ssh-run-result-command')).toBe('$ uptime');
    expect(page.text('ssh-run-exit')).toBe('Exit code 0');
    expect(page.find('ssh-run-stdout')?.textContent).toBe(' 03:00:00 up 12 days');
    expect(page.text('ssh-run-stderr-empty')).toBe('Nothing.');
    expect(page.find('ssh-run-truncated')).toBeNull();
  });
});
