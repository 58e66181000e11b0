// Rate limits need to tell clients apart without remembering who they are: the address is
// hashed with a salt that is replaced every day. The salt is an HMAC of the UTC date under the
// server secret's `client` key, so every instance sharing HAVEN_SECRET counts one visitor once;
// it is never written down. What the counters store is this HMAC, nothing reversible to an
// address, and counters expire within their window: someone holding both the server secret and
// the database (or Redis) could test a guessed address against the counters of the current
// window only (deleted rows may linger on disk until the database reuses their space).
import { createHmac } from 'node:crypto';
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

/** The client key function: `clientKey` is ServerKeys.client; one salt per UTC day. */
export function createClientKey(clientKey: Uint8Array, now: () => Date = () => new Date()) {
  let day = '';
  let salt = Buffer.alloc(0);
  return (address: string): string => {
    const today = now().toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      salt = createHmac('sha256', clientKey).update(today).digest();
    }
    return createHmac('sha256', salt).update(clientGroup(address)).digest('base64url').slice(0, 22);
  };
}
