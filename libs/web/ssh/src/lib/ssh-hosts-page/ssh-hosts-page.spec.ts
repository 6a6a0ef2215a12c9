import { SSH_HOST_ROUTES } from '@hyperion/contracts';

import { OpenOptions, PageHarness, openPage, refusal } from '../testing/page-harness';
import { sshHostRow } from '../testing/ssh-host-fixtures';
import { SshHostsPage } from './ssh-hosts-page';

const FP_OLD = `SHA256:${'A'.repeat(43)}`;
const FP_NEW = `SHA256:${'B'.repeat(43)}`;

const bastion = sshHostRow({
  id: 'h-bastion',
  name: 'bastion',
  address: 'bastion.example.net',
  hostKey: {
    fingerprint: FP_OLD,
    keyType: 'ssh-ed25519',
    trustedAt: '2026-01-30T14:00:00.000Z',
    pendingFingerprint: null,
    pendingKeyType: null,
  },
});
const db = sshHostRow({
  id: 'h-db',
  name: 'db-1',
  address: '10.0.0.9',
  port: 2222,
  username: 'postgres',
  authMethod: 'password',
  jumpHostId: 'h-bastion',
  tags: ['prod', 'db'],
  hostKey: {
    fingerprint: FP_OLD,
    keyType: 'ssh-ed25519',
    trustedAt: '2026-01-30T14:00:00.000Z',
    pendingFingerprint: FP_NEW,
    pendingKeyType: 'ssh-ed25519',
  },
});
const fresh = sshHostRow({ id: 'h-fresh', name: 'fresh' });

describe('SshHostsPage', { timeout: 60_000 }, () => {
  let page: PageHarness<SshHostsPage>;

  async function open(held?: OpenOptions['held']) {
    page = await openPage(SshHostsPage, held ? { held } : {});
  }
  const list = () => page.backend.expectOne({ method: 'GET', url: SSH_HOST_ROUTES.collection });

  afterEach(() => page.destroy());

  it('lists each host: where, how it signs in, its jump host, tags and host key in words', async () => {
    await open();
    expect(document.querySelector('mat-progress-bar')).not.toBeNull();
    list().flush([bastion, db, fresh]);
    await page.stable();

    expect(document.querySelector('mat-progress-bar')).toBeNull();
    expect(page.text('ssh-host-target-h-db')).toBe('postgres@10.0.0.9:2222');
    expect(page.text('ssh-host-auth-h-db')).toBe('Password');
    expect(page.text('ssh-host-auth-h-bastion')).toBe('Private key');
    expect(page.text('ssh-host-jump-h-db')).toBe('bastion');
    expect(page.text('ssh-host-jump-h-bastion')).toBe('Direct');
    const tags = page.find('ssh-host-tags-h-db')?.querySelectorAll('li');
    expect(Array.from(tags ?? []).map((li) => li.textContent?.trim())).toEqual(['prod', 'db']);
    expect(page.text('ssh-host-key-h-bastion')).toBe(`Trusted ${FP_OLD}`);
    expect(page.text('ssh-host-key-h-fresh')).toBe('Not yet recorded');
    expect(page.text('ssh-host-key-changed-h-db')).toBe('⚠ Key changed: approval needed');
    expect(page.find('ssh-host-key-changed-h-bastion')).toBeNull();
    expect(page.find('ssh-host-new')?.textContent?.trim()).toBe('New SSH host');
  });

  it('tests a connection and shows the outcome beside its button: latency and key, or the reason', async () => {
    await open();
    list().flush([bastion, db]);
    await page.stable();

    await page.click('ssh-host-test-h-bastion');
    expect(page.text('ssh-host-test-h-bastion')).toBe('Testing…');
    expect(page.find<HTMLButtonElement>('ssh-host-test-h-bastion')?.disabled).toBe(true);
    const ok = page.backend.expectOne({ method: 'POST', url: SSH_HOST_ROUTES.test('h-bastion') });
    ok.flush({ ok: true, fingerprint: FP_OLD, latencyMs: 142 });
    await page.stable();
    expect(page.text('ssh-host-test-ok-h-bastion')).toBe(`✓ Connected in 142 ms, key ${FP_OLD}`);
    expect(page.text('ssh-host-test-h-bastion')).toBe('Test connection');

    await page.click('ssh-host-test-h-db');
    page.backend
      .expectOne({ method: 'POST', url: SSH_HOST_ROUTES.test('h-db') })
      .flush(...refusal(502, 'SSH: authentication failed for postgres@10.0.0.9:2222'));
    await page.stable();
    expect(page.text('ssh-host-test-failed-h-db')).toBe(
      '✗ SSH: authentication failed for postgres@10.0.0.9:2222',
    );
    // The other row's outcome stays.
    expect(page.find('ssh-host-test-ok-h-bastion')).not.toBeNull();
  });

  it('says so when there are none, and offers no "New SSH host" without ssh:admin', async () => {
    await open(['ssh:exec']);
    list().flush([]);
    await page.stable();
    expect(page.text('ssh-host-empty')).toContain('No SSH hosts yet.');
    expect(page.find('ssh-host-new')).toBeNull();
    expect(page.find('ssh-host-table')).toBeNull();
  });

  it('shows the error, and loads again on retry', async () => {
    await open();
    list().flush(...refusal(503, 'database unavailable'));
    await page.stable();
    expect(page.text('ssh-host-error')).toContain('The SSH hosts could not be loaded.');

    await page.click('ssh-host-retry');
    list().flush([bastion]);
    await page.stable();
    expect(page.find('ssh-host-error')).toBeNull();
    expect(page.find('ssh-host-row-h-bastion')).not.toBeNull();
  });
});
