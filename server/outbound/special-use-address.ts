import { BlockList, isIP } from 'node:net';

/**
 * Addresses a server-side fetch of a client-supplied URL must never reach (CIMD draft §6, SSRF): private,
 * loopback, link-local, shared, documentation, benchmarking, multicast and reserved ranges (RFC 6890 and the
 * IANA special-purpose registries).
 */
const specialUse = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  specialUse.addSubnet(network, prefix, 'ipv4');
}
// NAT64 (64:ff9b::/96) and 6to4 (2002::/16) are refused whole, whatever IPv4 address they carry: a translator or
// relay on the path could deliver them anywhere, and no client's metadata host needs them.
for (const [network, prefix] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  specialUse.addSubnet(network, prefix, 'ipv6');
}

/**
 * True for an address a client's document may be fetched from. IPv6 addresses that carry an IPv4 address
 * (IPv4-mapped `::ffff:a.b.c.d`, in any spelling) are judged by that IPv4 address.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !specialUse.check(address, 'ipv4');
  if (family !== 6) return false;
  const hextets = ipv6Hextets(address);
  if (!hextets) return false;
  const embedded = embeddedIpv4(hextets);
  if (embedded && !isPublicAddress(embedded)) return false;
  if (isMapped(hextets)) return true;
  return !specialUse.check(hextets.map((hextet) => hextet.toString(16)).join(':'), 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted quad folded in); null if malformed. */
export function ipv6Hextets(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    if ([a, b, c, d].some((octet) => octet > 255)) return null;
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 ? missing < 1 : missing !== 0) || [...head, ...tail].some((group) => !(group >= 0 && group <= 0xffff)))
    return null;
  return [...head, ...new Array(missing).fill(0), ...tail];
}

const isMapped = (h: number[]) => h[0] === 0 && h[1] === 0 && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0xffff;

/** The IPv4 address an IPv6 address carries: IPv4-mapped, IPv4-compatible, NAT64 well-known prefix, or 6to4. */
function embeddedIpv4(h: number[]): string | null {
  const quad = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  const zeros = (count: number) => h.slice(0, count).every((hextet) => hextet === 0);
  if (isMapped(h)) return quad(h[6], h[7]);
  if (zeros(6)) return quad(h[6], h[7]);
  if (h[0] === 0x64 && h[1] === 0xff9b && h[2] === 0 && h[3] === 0 && h[4] === 0 && h[5] === 0) return quad(h[6], h[7]);
  if (h[0] === 0x2002) return quad(h[1], h[2]);
  return null;
}
