// Where the worker may send a push message. An endpoint is a URL the client chose, so without this a
// subscription aims the worker's POSTs at loopback, the private network or the cloud metadata address
// (SSRF). Checked twice: the URL when it is subscribed (IP literals in any notation, local names,
// credentials), and every address a name resolves to when sending (a name may resolve elsewhere by
// then: DNS rebinding). PUSH_ENDPOINT_ALLOW names hosts and CIDRs allowed although private (a local
// push emulator in tests, a developer's laptop).
import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { envList } from '@todo/platform';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type ResolveAll = (
  host: string,
  done: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** Names that only mean something inside a machine or a private network. */
const LOCAL_NAMES = /(^|\.)(localhost|local|localdomain|internal|intranet|lan|home\.arpa|cluster\.local)$/;

/** PUSH_ENDPOINT_ALLOW: comma-separated host names, addresses and CIDRs; empty (default) allows none. */
export const PushEndpointAllowSetting = envList((e) => e.toLowerCase()).superRefine((list, ctx) => {
  for (const entry of list) {
    if (!isCidr(entry) && !ipaddr.isValid(entry) && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(entry)) {
      ctx.addIssue({ code: 'custom', message: `${entry} is not a host name, address or CIDR` });
    }
  }
});

function isCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

/** An IPv4 address inside IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it is. */
function normalize(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/**
 * Only global unicast addresses: ipaddr.js names every other range (loopback, private, uniqueLocal,
 * linkLocal, carrierGradeNat, multicast, broadcast, unspecified, reserved, 6to4, teredo, …).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return normalize(ipaddr.parse(address)).range() === 'unicast';
}

export class PushEndpointPolicy {
  private readonly hosts: Set<string>;
  private readonly nets: [Address, number][];

  constructor(
    allow: readonly string[] = [],
    /** How names are resolved (dns.lookup; tests stand in a resolver that lies, as a rebinding one does). */
    private readonly resolve: ResolveAll = (host, done) => dns.lookup(host, { all: true }, done),
  ) {
    this.hosts = new Set(allow.filter((e) => !isCidr(e) && !ipaddr.isValid(e)));
    this.nets = allow.flatMap((e): [Address, number][] => {
      if (isCidr(e)) return [ipaddr.parseCIDR(e)];
      if (!ipaddr.isValid(e)) return [];
      const a = normalize(ipaddr.parse(e));
      return [[a, a.kind() === 'ipv4' ? 32 : 128]];
    });
  }

  /** Whether sending may use this address (a resolved one, or an IP literal of the URL). */
  allowsAddress(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    const parsed = normalize(ipaddr.parse(address));
    if (parsed.range() === 'unicast') return true;
    return this.nets.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits));
  }

  /** Why the worker must not push to this endpoint, or null when it may (as far as the URL says). */
  refusal(endpoint: string): string | null {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return 'is not a URL';
    }
    if (url.protocol !== 'https:') return 'must be an https URL';
    if (url.username || url.password) return 'must not carry credentials';
    // WHATWG URL parsing already turned 0x7f000001, 2130706433 and 0177.1 into 127.0.0.1.
    // A trailing dot (an absolute name) is the same host: `localhost.` is localhost.
    const host = url.hostname
      .replace(/^\[|\]$/g, '')
      .replace(/\.+$/, '')
      .toLowerCase();
    if (this.hosts.has(host)) return null;
    if (ipaddr.isValid(host)) {
      return this.allowsAddress(host) ? null : 'points at a loopback, private or reserved address';
    }
    if (!host.includes('.') || LOCAL_NAMES.test(host)) return 'names a host of a local network';
    return null;
  }

  /**
   * A `lookup` for the https Agent web-push sends through: resolves as Node would, then refuses when
   * any address is one the worker must not reach (unless the host itself is allowed). The connection
   * goes only to addresses this returned, so what is checked is what is connected to.
   */
  lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    this.resolve(hostname, (err, all) => {
      if (err) return callback(err, '');
      const family = options.family === 4 || options.family === 6 ? options.family : 0;
      const addresses = family ? all.filter((a) => a.family === family) : all;
      if (addresses.length === 0) {
        const none: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${family} address`);
        none.code = 'ENOTFOUND';
        return callback(none, '');
      }
      const host = hostname.replace(/\.+$/, '').toLowerCase();
      const refused = this.hosts.has(host) ? [] : addresses.filter((a) => !this.allowsAddress(a.address));
      if (refused.length > 0) {
        const error: NodeJS.ErrnoException = new Error(
          `push endpoint ${hostname} resolves to ${refused[0]!.address}, which the worker does not reach`,
        );
        error.code = 'EPUSHADDRESS';
        return callback(error, '');
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
