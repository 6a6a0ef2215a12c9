import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { SSH_HOST_ROUTES } from '@hyperion/contracts';

import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { sshHostRow } from '../testing/ssh-host-fixtures';
import { SshHostFormPage } from './ssh-host-form-page';

const bastion = sshHostRow({ id: 'h-bastion', name: 'bastion', address: 'bastion.example.net' });
const web = sshHostRow({
  id: 'h-web',
  name: 'web-1',
  address: '10.0.0.7',
  username: 'deploy',
  hasPassphrase: true,
  tags: ['edge'],
});
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----';

describe('SshHostFormPage', { timeout: 60_000 }, () => {
  let page: PageHarness<SshHostFormPage>;
  let navigate: { mock: { calls: unknown[][] } };

  async function open(id?: string): Promise<void> {
    page = await openPage(SshHostFormPage, { inputs: id ? { id } : {} });
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    if (id) page.backend.expectOne({ method: 'GET', url: SSH_HOST_ROUTES.item(id) }).flush(web);
    page.backend
      .expectOne({ method: 'GET', url: SSH_HOST_ROUTES.collection })
      .flush([bastion, web]);
    await page.stable();
  }

  const sent = (method: string, url: string) =>
    page.backend.expectOne((r) => r.method === method && r.url === url);

  afterEach(() => page.destroy());

  it('adds a host signing in with a key through a jump host, then opens it', async () => {
    await open();
    await page.type('ssh-host-form-name', 'db-1');
    await page.type('ssh-host-form-address', '10.0.0.9');
    await page.type('ssh-host-form-port', '2222');
    await page.type('ssh-host-form-username', 'postgres');
    await page.type('ssh-host-form-privateKey', KEY);
    await page.type('ssh-host-form-passphrase', 'open sesame');
    await page.choose('ssh-host-form-jump', 'bastion (ops@bastion.example.net:22)');
    await page.type('ssh-host-form-tags', 'prod, db');
    await page.click('ssh-host-form-save');

    const create = sent('POST', SSH_HOST_ROUTES.collection);
    expect(create.request.body).toEqual({
      name: 'db-1',
      address: '10.0.0.9',
      port: 2222,
      username: 'postgres',
      authMethod: 'key',
      privateKey: KEY,
      passphrase: 'open sesame',
      jumpHostId: 'h-bastion',
      tags: ['prod', 'db'],
    });
    create.flush(sshHostRow({ id: 'h-new' }));
    await page.stable();
    expect(navigate.mock.calls[0]?.[0]).toEqual(['..', 'h-new']);
  });

  it('checks the fields before sending, and sends a password (never a key) for password sign-in', async () => {
    await open();
    await page.type('ssh-host-form-address', 'not an address!');
    await page.click('ssh-host-form-save');
    expect(page.text('ssh-host-form-error')).toBe(
      'Some fields need fixing: they are marked below.',
    );
    expect(page.text('ssh-host-form-name-error')).toBe('Required.');
    expect(page.text('ssh-host-form-address-error')).toBe('A host name or an IP address.');
    expect(page.text('ssh-host-form-privateKey-error')).toBe('Required.');
    page.backend.expectNone(SSH_HOST_ROUTES.collection);

    await page.type('ssh-host-form-name', 'nas');
    await page.type('ssh-host-form-address', 'nas.lan');
    await page.type('ssh-host-form-username', 'admin');
    await page.type('ssh-host-form-privateKey', KEY);
    await page.choose('ssh-host-form-auth', 'Password');
    expect(page.find('ssh-host-form-privateKey')).toBeNull();
    await page.type('ssh-host-form-password', 'hunter2');
    await page.click('ssh-host-form-save');
    const create = sent('POST', SSH_HOST_ROUTES.collection);
    expect(create.request.body).toEqual({
      name: 'nas',
      address: 'nas.lan',
      port: 22,
      username: 'admin',
      authMethod: 'password',
      password: 'hunter2',
      tags: [],
    });
    create.flush(sshHostRow({ id: 'h-nas' }));
  });

  it('adds a keyboard-interactive host: no secret field, none sent, the questions go to the terminal', async () => {
    await open();
    await page.type('ssh-host-form-name', 'otp-box');
    await page.type('ssh-host-form-address', '10.0.0.12');
    await page.type('ssh-host-form-username', 'ops');
    await page.type('ssh-host-form-privateKey', KEY);
    await page.choose('ssh-host-form-auth', 'Questions asked in the terminal');
    expect(page.find('ssh-host-form-privateKey')).toBeNull();
    expect(page.find('ssh-host-form-password')).toBeNull();
    expect(page.text('ssh-host-form-interactive-note')).toContain('Hyperion stores no secret');
    await page.click('ssh-host-form-save');
    const create = sent('POST', SSH_HOST_ROUTES.collection);
    expect(create.request.body).toEqual({
      name: 'otp-box',
      address: '10.0.0.12',
      port: 22,
      username: 'ops',
      authMethod: 'keyboard-interactive',
      tags: [],
    });
    create.flush(sshHostRow({ id: 'h-otp', authMethod: 'keyboard-interactive' }));
  });

  it('shows a 400 of the API beside the field it names', async () => {
    await open();
    await page.type('ssh-host-form-name', 'db-1');
    await page.type('ssh-host-form-address', '10.0.0.9');
    await page.type('ssh-host-form-username', 'postgres');
    await page.type('ssh-host-form-privateKey', 'ssh-ed25519 AAAA… a public key');
    await page.click('ssh-host-form-save');
    sent('POST', SSH_HOST_ROUTES.collection).flush(
      ...refusal(400, ['privateKey: a public key was given, not a private key']),
    );
    await page.stable();

    expect(page.text('ssh-host-form-error')).toBe(
      'Hyperion refused this: see the fields marked below.',
    );
    expect(page.text('ssh-host-form-privateKey-error')).toBe(
      'A public key was given, not a private key.',
    );
    expect(navigate.mock.calls).toHaveLength(0);
  });

  it('edits a host: says the stored key is kept when the field stays empty, and sends none', async () => {
    await open('h-web');
    expect(page.find<HTMLInputElement>('ssh-host-form-name')?.value).toBe('web-1');
    expect(page.find<HTMLTextAreaElement>('ssh-host-form-privateKey')?.value).toBe('');
    expect(page.text('ssh-host-form-privateKey-stored')).toContain('Leave this empty to keep it');
    // Its own name is no jump host choice.
    page.find('ssh-host-form-jump')?.click();
    await page.stable();
    const options = Array.from(document.querySelectorAll('mat-option')).map((o) =>
      o.textContent?.trim(),
    );
    expect(options.some((o) => o?.startsWith('web-1'))).toBe(false);
    (document.querySelector('mat-option') as HTMLElement).click();
    await page.stable();

    await page.type('ssh-host-form-username', 'ops');
    await page.click('ssh-host-form-save');
    const update = sent('PATCH', SSH_HOST_ROUTES.item('h-web'));
    expect(update.request.body).toEqual({
      name: 'web-1',
      address: '10.0.0.7',
      port: 22,
      username: 'ops',
      authMethod: 'key',
      // "None: connect directly" on edit clears the jump host (no request takes null).
      clear: ['jumpHostId'],
      tags: ['edge'],
    });
    update.flush(web);
    await page.stable();
    expect(navigate.mock.calls[0]?.[0]).toEqual(['..', 'h-web']);
  });

  it('deletes a host once confirmed', async () => {
    await open('h-web');
    await page.click('ssh-host-form-delete');
    expect(page.text('ssh-host-delete-dialog')).toContain('deploy@10.0.0.7:22');
    page.backend.expectNone(SSH_HOST_ROUTES.item('h-web'));
    await page.click('ssh-host-delete-dialog-confirm');
    sent('DELETE', SSH_HOST_ROUTES.item('h-web')).flush(null);
    await page.stable();
    expect(navigate.mock.calls[0]?.[0]).toEqual(['..']);
  });

  it('says plainly that changing SSH hosts needs ssh:admin', async () => {
    page = await openPage(SshHostFormPage, { held: ['ssh:exec'] });
    page.backend.expectOne(SSH_HOST_ROUTES.collection).flush([]);
    await page.stable();
    expect(page.text('ssh-host-form-forbidden')).toBe(
      "You can't change SSH hosts: that needs the ssh:admin permission.",
    );
    expect(page.find('ssh-host-form')).toBeNull();
  });
});
