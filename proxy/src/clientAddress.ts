// Who is on the other end of a request. The socket's address, unless that address is a reverse proxy the
// owner named with --trusted-proxy: then the last address that proxy (and any trusted proxy before it)
// appended to X-Forwarded-For or Forwarded. Nobody else can choose the address the limits and logs see.

/** An address as it is compared: lowercased, without IPv6 brackets or the IPv4-mapped prefix. */
export function canonicalAddress(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith('[')) a = a.slice(1, a.indexOf(']') > 0 ? a.indexOf(']') : undefined);
  if (a.startsWith('::ffff:') && a.includes('.')) a = a.slice('::ffff:'.length);
  return a;
}

/** The `for=` addresses of Forwarded headers, first hop first (RFC 7239); ports and quotes removed. */
export function forwardedFor(header: string): string[] {
  const out: string[] = [];
  for (const element of header.split(',')) {
    for (const pair of element.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0 || pair.slice(0, eq).trim().toLowerCase() !== 'for') continue;
      let v = pair.slice(eq + 1).trim().replace(/^"|"$/g, '');
      if (v.startsWith('[')) v = v.slice(1, v.indexOf(']'));
      else if (/^[0-9.]+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
      out.push(v);
    }
  }
  return out;
}

/**
 * The client's address. Forwarded headers are read only when the socket's peer is a trusted proxy; then,
 * walking from the nearest hop back, the first address that is not itself a trusted proxy.
 */
export function clientAddress(
  peer: string | undefined,
  headers: { 'x-forwarded-for'?: string | string[]; forwarded?: string | string[] },
  trusted: ReadonlySet<string>,
): string {
  const socketAddress = canonicalAddress(peer ?? '?');
  if (!trusted.has(socketAddress)) return socketAddress;
  const join = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : (v ?? ''));
  const forwarded = join(headers.forwarded);
  const hops = forwarded ? forwardedFor(forwarded) : join(headers['x-forwarded-for']).split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalAddress(hops[i]!);
    if (!trusted.has(hop)) return hop;
  }
  return socketAddress;
}
