// The browser side of the attack surface: DNS rebinding (Host), cross-site requests (Origin, CSRF marker).
import type { IncomingMessage } from 'node:http';

/** The host name of a Host header, lowercased, without port or IPv6 brackets. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(header.trim());
  if (!m) return null;
  return (m[1] ?? m[2] ?? '').toLowerCase().replace(/\.$/, '');
}

/** A page on a rebinding attacker's domain sends its own name as Host: serve only names we know are ours. */
export function hostAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const name = hostName(req.headers.host);
  return name !== null && allowed.has(name);
}

/** True when the request's Origin is exactly this server as the browser reached it, or an origin the owner allowed. */
export function sameOrigin(req: IncomingMessage, extra: readonly string[] = []): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && (origin === `https://${req.headers.host ?? ''}` || extra.includes(origin));
}

/**
 * A cookie-authenticated request that changes state must come from our own page: it carries the
 * X-Porthole marker (a cross-site form cannot set headers, and a cross-site fetch with one needs a CORS
 * preflight we never grant) and, when the browser sends Origin, that Origin is ours.
 */
export function csrfOk(req: IncomingMessage, extra: readonly string[] = []): boolean {
  if (req.headers['x-porthole'] !== '1') return false;
  return req.headers.origin === undefined || sameOrigin(req, extra);
}
