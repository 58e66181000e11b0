// Rate limits need to tell clients apart without remembering who they are: the address is
// hashed with a random salt that lives only in memory and is replaced every day, so no
// address, nor anything that could be reversed into one, is ever written down.
import { createHmac, randomBytes } from 'node:crypto';
import { isIPv6, SocketAddress } from 'node:net';

/**
 * The unit a rate limit counts: an IPv4 address, or an IPv6 /64. A home or phone connection is
 * usually given a whole /64, so counting single IPv6 addresses would let one person pick a new
 * address per request. IPv4-mapped IPv6 (::ffff:a.b.c.d, what a dual-stack socket reports for
 * an IPv4 client) counts as the IPv4 address it carries.
 */
export function clientGroup(address: string): string {
  if (!isIPv6(address)) return address;
  // Node's own parser and printer (inet_pton, inet_ntop): one spelling per address, lower case,
  // no zone, the longest run of zero groups written '::', IPv4-mapped written ::ffff:a.b.c.d.
  const canonical = new SocketAddress({ address, family: 'ipv6' }).address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(canonical);
  if (mapped?.[1]) return mapped[1];
  return `${groupsOf(canonical).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a canonical IPv6 address, '::' expanded. */
function groupsOf(canonical: string): string[] {
  // A trailing dotted IPv4 (::a.b.c.d) stands for two groups; only the first four are used.
  const split = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [head = '', tail] = canonical.split('::');
  const first = split(head);
  if (tail === undefined) return first;
  const last = split(tail);
  return [...first, ...Array<string>(8 - first.length - last.length).fill('0'), ...last];
}

export function createClientKey(now: () => Date = () => new Date()) {
  let day = '';
  let salt = Buffer.alloc(0);
  return (address: string): string => {
    const today = now().toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      salt = randomBytes(32);
    }
    return createHmac('sha256', salt).update(clientGroup(address)).digest('base64url').slice(0, 22);
  };
}
