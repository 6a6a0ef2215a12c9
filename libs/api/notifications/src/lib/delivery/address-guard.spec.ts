import {
  AddressRefused,
  assertPublicHost,
  assertPublicUrl,
  classifyAddress,
} from './address-guard';

describe('classifyAddress (no network)', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.0.0.2', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd00::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['198.51.100.7', 'reserved'],
    ['172.32.0.1', 'public'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it('refuses what is not an IP address', () => {
    expect(() => classifyAddress('example.com')).toThrow('not an IP address');
  });
});

describe('assertPublicUrl', () => {
  const resolveTo = (address: string) => async () => [{ address, family: 4 }];

  it('refuses a loopback address that is not allowlisted, naming host and class', async () => {
    await expect(assertPublicUrl('http://127.0.0.2:9/hook', ['127.0.0.1'])).rejects.toThrow(
      'host 127.0.0.2 is a loopback address; add it to NOTIFICATION_ALLOWED_HOSTS to allow it',
    );
  });

  it('refuses a name that resolves to a private or metadata address (checked after resolution)', async () => {
    await expect(
      assertPublicUrl('https://hooks.example.test/x', [], resolveTo('169.254.169.254')),
    ).rejects.toThrow(
      'host hooks.example.test resolves to 169.254.169.254, which is a link-local address',
    );
    await expect(
      assertPublicHost('smtp.example.test', ['127.0.0.1'], 'SMTP host', resolveTo('127.0.0.2')),
    ).rejects.toBeInstanceOf(AddressRefused);
  });

  it('lets allowlisted hosts and public addresses through, returning the address to connect to', async () => {
    await expect(assertPublicUrl('http://127.0.0.1:8080/x', ['127.0.0.1'])).resolves.toMatchObject({
      host: '127.0.0.1',
      address: '127.0.0.1',
    });
    await expect(
      assertPublicUrl('https://hooks.example.test/x', [], resolveTo('93.184.216.34')),
    ).resolves.toMatchObject({ host: 'hooks.example.test', address: '93.184.216.34', family: 4 });
  });

  it('refuses other schemes and credentials in the URL', async () => {
    await expect(assertPublicUrl('file:///etc/passwd', [])).rejects.toThrow('http:// or https://');
    await expect(assertPublicUrl('http://u:p@127.0.0.1/', ['127.0.0.1'])).rejects.toThrow(
      'user name or password',
    );
    await expect(assertPublicUrl('not a url', [])).rejects.toThrow('not valid');
  });
});
