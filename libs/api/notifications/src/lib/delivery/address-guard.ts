import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { BlockList, isIP } from 'node:net';

/** What an IP address is, for deciding whether Hyperion may send to it. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

function blocks(entries: [string, number, 'ipv4' | 'ipv6'][]): BlockList {
  const list = new BlockList();
  for (const [net, prefix, type] of entries) list.addSubnet(net, prefix, type);
  return list;
}

const CLASSES: [Exclude<AddressClass, 'public'>, BlockList][] = [
  [
    'unspecified',
    blocks([
      ['0.0.0.0', 8, 'ipv4'],
      ['::', 128, 'ipv6'],
    ]),
  ],
  [
    'loopback',
    blocks([
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ]),
  ],
  [
    'private',
    blocks([
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      // Carrier-grade NAT: not the public internet either.
      ['100.64.0.0', 10, 'ipv4'],
      ['fc00::', 7, 'ipv6'],
    ]),
  ],
  [
    'link-local',
    blocks([
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ]),
  ],
  [
    'multicast',
    blocks([
      ['224.0.0.0', 4, 'ipv4'],
      ['ff00::', 8, 'ipv6'],
    ]),
  ],
  [
    'reserved',
    blocks([
      ['192.0.0.0', 24, 'ipv4'],
      ['192.0.2.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['198.51.100.0', 24, 'ipv4'],
      ['203.0.113.0', 24, 'ipv4'],
      ['240.0.0.0', 4, 'ipv4'],
      ['2001:db8::', 32, 'ipv6'],
      ['64:ff9b::', 96, 'ipv6'],
    ]),
  ],
];

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is judged as the IPv4 address it carries. */
function unmapped(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

/** Classifies an IP literal (v4 or v6); throws on something that is not one. */
export function classifyAddress(address: string): AddressClass {
  const ip = unmapped(address.replace(/^\[|\]$/g, ''));
  const family = isIP(ip);
  if (family === 0) throw new TypeError(`${address} is not an IP address`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [name, list] of CLASSES) if (list.check(ip, type)) return name;
  return 'public';
}

/** Refused before anything is sent: the message says which host, which address and why. */
export class AddressRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressRefused';
  }
}

export interface CheckedAddress {
  /** The host name as written in the URL (or the IP). */
  host: string;
  /** The address the connection must use (never re-resolved: no DNS rebinding). */
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

function allowed(host: string, address: string, allowedHosts: readonly string[]): boolean {
  const list = allowedHosts.map((h) => h.toLowerCase());
  return list.includes(host.toLowerCase()) || list.includes(unmapped(address));
}

/**
 * Resolves `host` and checks every address it resolves to: loopback, private, link-local,
 * multicast, reserved and unspecified addresses are refused unless the host or the address is in
 * `allowedHosts` (NOTIFICATION_ALLOWED_HOSTS). Returns the first address, which the caller must
 * connect to (checkedLookup) so a second resolution cannot point somewhere else.
 */
export async function assertPublicHost(
  host: string,
  allowedHosts: readonly string[],
  what = 'host',
  resolve: Resolver = systemResolver,
): Promise<CheckedAddress> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(bare)) {
    addresses = [{ address: bare, family: isIP(bare) }];
  } else {
    try {
      addresses = await resolve(bare);
    } catch (error) {
      throw new AddressRefused(
        `${what} ${bare} could not be resolved (${(error as Error).message})`,
      );
    }
    if (addresses.length === 0) throw new AddressRefused(`${what} ${bare} has no address`);
  }
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind !== 'public' && !allowed(bare, address, allowedHosts)) {
      const via = address === bare ? '' : ` resolves to ${address}, which`;
      throw new AddressRefused(
        `${what} ${bare}${via} is a ${kind} address; add it to NOTIFICATION_ALLOWED_HOSTS to allow it`,
      );
    }
  }
  const first = addresses[0];
  return { host: bare, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** Parses and checks an outbound URL: http(s) only, no credentials, a permitted address. */
export async function assertPublicUrl(
  url: string,
  allowedHosts: readonly string[],
  resolve: Resolver = systemResolver,
): Promise<CheckedAddress & { url: URL }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AddressRefused('the URL is not valid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AddressRefused(
      `the URL must start with http:// or https:// (got ${parsed.protocol})`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new AddressRefused('the URL must not carry a user name or password');
  }
  const checked = await assertPublicHost(parsed.hostname, allowedHosts, 'host', resolve);
  return { ...checked, url: parsed };
}

/** A `lookup` for node:http / node:net that answers the already checked address only. */
export function checkedLookup(checked: CheckedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: checked.address, family: checked.family },
      ]);
    } else {
      callback(null, checked.address, checked.family);
    }
  };
}
