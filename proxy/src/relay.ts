// The registry relay: registries send no CORS headers, so the browser's tag and manifest lookups come here.
// Only GET/HEAD, only to known registries (public ones, the ones the owner added) and the token realms they
// announce, only under /v2/ on a registry. The browser does the token dance; its registry token travels in
// X-Registry-Authorization, since Authorization is Porthole's own.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { refuse } from './http.ts';
import { canonicalRegistry, type RegistryStore } from './registries.ts';

const PUBLIC_REGISTRIES = new Set([
  'registry-1.docker.io', 'hub.docker.com', 'ghcr.io', 'quay.io', 'gcr.io', 'mcr.microsoft.com',
  'public.ecr.aws', 'registry.gitlab.com', 'registry.k8s.io', 'nvcr.io',
]);
const PASSED_HEADERS = ['content-type', 'content-length', 'docker-content-digest', 'www-authenticate', 'link', 'etag', 'docker-distribution-api-version'];
const MAX_BYTES = 32 * 1024 * 1024;
const TIMEOUT_MS = 20_000;

/** The realm of a Bearer challenge (`Bearer realm="https://auth.example/token",service=...`), or null. */
export function bearerRealm(challenge: string): URL | null {
  const m = /(?:^|,)\s*Bearer\s+(?:[^,]*,\s*)*?realm="([^"]+)"/i.exec(challenge);
  try {
    return m ? new URL(m[1]!) : null;
  } catch {
    return null;
  }
}

/**
 * Token endpoints that registries announced. Only the announced endpoint itself is relayed (its host and path),
 * never the rest of its host: a registry must not be able to open other paths of another server to the relay.
 */
export class RealmBook {
  /** "host/path" → the registry that announced it (whose credentials it may receive). */
  private readonly endpoints = new Map<string, string>([['auth.docker.io/token', 'docker.io']]);

  announce(realm: URL, registry: string): void {
    if (realm.protocol !== 'https:') return;
    const key = `${realm.host.toLowerCase()}${realm.pathname}`;
    if (!this.endpoints.has(key)) this.endpoints.set(key, registry);
  }

  /** The registry whose token endpoint `url` is, or undefined. */
  registryOf(url: URL): string | undefined {
    return this.endpoints.get(`${url.host.toLowerCase()}${url.pathname}`);
  }
}

/** An address on this machine or a private network: loopback, RFC 1918, link-local, CGNAT, unique-local, unspecified, multicast. */
export function privateAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return privateAddress(mapped[1]!);
  if (isIP(a) === 4) {
    const [x = 0, y = 0] = a.split('.').map(Number);
    return x === 0 || x === 10 || x === 127 || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 100 && y >= 64 && y <= 127) || x >= 224;
  }
  if (isIP(a) === 6) return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || a.startsWith('ff');
  return false;
}

/** What the relay knows of a URL's host: a registry (public, or added by the owner), an announced token endpoint, or neither. */
export interface HopHost {
  registry: boolean;
  ownerAdded: boolean;
  insecure: boolean;
  realm: boolean;
}

/**
 * Why the relay may not fetch `url`, or null. The same rules for the first URL and for every redirect hop:
 * no credentials in it; a registry's own paths under /v2/ (or the token endpoint it announced); https unless
 * the owner added the registry as insecure. Other hosts only as the target of a blob's redirect (registries
 * keep layers on CDNs), and only over https. Addresses on the proxy's own network are checked at connect.
 */
export function judgeHop(url: URL, host: HopHost, hop: { redirect: boolean; blob: boolean }): string | null {
  const name = url.host.toLowerCase();
  if (url.username || url.password) return 'credentials in the URL are not accepted; add the registry with its user name instead';
  const known = host.registry || host.realm;
  if (!known && !hop.redirect) return `${name} is not a registry Porthole knows (nor is ${url.pathname} a token endpoint one announced)`;
  if (!known && !hop.blob) return `a redirect to ${name} is followed only for layer downloads (blobs), where registries use them`;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && host.insecure)) {
    return `${url.protocol} to ${name} is not allowed; only registries added as insecure may use plain HTTP`;
  }
  // A registry may be its own token server (ghcr.io/token): that one announced path passes too.
  if (host.registry && !host.realm && !url.pathname.startsWith('/v2/')) return 'only Registry API paths (/v2/...) and announced token endpoints are relayed';
  return null;
}

/** A blob download: the one request registries answer with a redirect to a CDN. */
export const isBlobPath = (path: string): boolean => /^\/v2\/.+\/blobs\/[a-z0-9]+:[a-f0-9]+$/i.test(path);

export class RelayRefusal extends Error {}

export class Relay {
  private readonly realms = new RealmBook();

  constructor(private readonly registries: RegistryStore) {}

  /** GET or HEAD (the route table allows no other). Viewers may list tags and read manifests with the stored credentials, but not download layers (file contents). */
  async handle(req: IncomingMessage, res: ServerResponse, role: 'admin' | 'viewer'): Promise<void> {
    const raw = new URL(req.url ?? '', 'https://porthole.invalid').searchParams.get('url') ?? '';
    let target: URL;
    try {
      target = new URL(raw);
    } catch {
      return refuse(req, res, 400, 'give ?url=<absolute registry URL>');
    }
    if (target.username || target.password) return refuse(req, res, 400, 'credentials in the URL are not accepted; add the registry with its user name instead');
    const host = target.host.toLowerCase();
    const entry = this.registries.get(host);
    const realmOf = this.realms.registryOf(target);
    const isRegistry = PUBLIC_REGISTRIES.has(host) || entry !== undefined;
    const blob = isBlobPath(target.pathname);
    const first = judgeHop(target, this.hopHost(target), { redirect: false, blob });
    if (first) {
      const status = /credentials in the URL/.test(first) ? 400 : 403;
      return refuse(req, res, status, first, /not a registry Porthole knows/.test(first) ? 'add the registry on the Registries page (its credentials stay on the proxy host)' : undefined);
    }

    const headers: Record<string, string> = { 'user-agent': 'porthole-relay' };
    const accept = req.headers.accept;
    if (accept) headers.accept = accept;
    const token = req.headers['x-registry-authorization'];
    const creds = entry ?? (realmOf ? this.registries.get(realmOf) : undefined);
    if (creds?.username && role !== 'admin' && /\/blobs\//.test(target.pathname)) {
      return refuse(req, res, 403, 'downloading layers from a private registry with the stored credentials needs the admin role');
    }
    if (typeof token === 'string' && /^Bearer [\w.~+/=-]+$/.test(token)) headers.authorization = token;
    else if (creds?.username) headers.authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;

    let upstream: IncomingMessage;
    try {
      upstream = await this.fetchFollowing(target, req.method === 'HEAD' ? 'HEAD' : 'GET', headers, blob);
    } catch (e) {
      if (e instanceof RelayRefusal) return refuse(req, res, 403, e.message);
      return refuse(req, res, 502, `registry ${host} did not answer: ${(e as Error).message}`, 'check the registry address and the network of the proxy host');
    }
    const header = (h: string) => {
      const v = upstream.headers[h];
      return Array.isArray(v) ? v.join(', ') : (v ?? null);
    };
    const challenge = header('www-authenticate');
    const realm = challenge && isRegistry ? bearerRealm(challenge) : null;
    if (realm) this.realms.announce(realm, canonicalRegistry(host));
    const out: Record<string, string> = { 'cache-control': 'no-store' };
    for (const h of PASSED_HEADERS) {
      const v = header(h);
      if (v !== null) out[h] = v;
    }
    res.writeHead(upstream.statusCode ?? 502, out);
    if (req.method === 'HEAD') {
      // Read to its (empty) end, so the keep-alive socket goes back to the pool: destroying the answer closed it.
      upstream.resume();
      return void res.end();
    }
    let size = 0;
    res.on('close', () => upstream.destroy());
    for await (const chunk of upstream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BYTES) return void res.destroy(new Error('relayed body over the limit'));
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  private hopHost(url: URL): HopHost {
    const name = url.host.toLowerCase();
    const entry = this.registries.get(name);
    return { registry: PUBLIC_REGISTRIES.has(name) || entry !== undefined, ownerAdded: entry !== undefined, insecure: entry?.insecure === true, realm: this.realms.registryOf(url) !== undefined };
  }

  /**
   * Follows up to 3 redirects, each judged as the first URL was (judgeHop), only for blobs, dropping
   * credentials when the host changes. A host the owner did not add is reached only at public addresses:
   * checked on the address actually connected to (the lookup), so a name cannot rebind to one in between.
   */
  private async fetchFollowing(url: URL, method: string, headers: Record<string, string>, blob: boolean): Promise<IncomingMessage> {
    let current = url;
    let hdrs = headers;
    for (let hop = 0; hop < 4; hop++) {
      if (hop > 0) {
        const why = judgeHop(current, this.hopHost(current), { redirect: true, blob });
        if (why) throw new RelayRefusal(`the registry redirected to ${current.protocol}//${current.host}${current.pathname}: ${why}`);
      }
      const r = await request(current, method, hdrs, !this.hopHost(current).ownerAdded);
      const location = r.headers.location;
      if ((r.statusCode ?? 0) < 300 || (r.statusCode ?? 0) >= 400 || !location) return r;
      r.destroy();
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new RelayRefusal(`the registry redirected to an address that is not a URL (${location.slice(0, 100)})`);
      }
      if (next.host !== current.host) {
        const { authorization: _dropped, ...rest } = hdrs;
        hdrs = rest;
      }
      current = next;
    }
    throw new Error('too many redirects');
  }
}

/** One request; with `publicOnly`, a connection to a private or loopback address is refused (as resolved). */
function request(url: URL, method: string, headers: Record<string, string>, publicOnly: boolean): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (publicOnly && isIP(literal) && privateAddress(literal)) {
      return reject(new RelayRefusal(`${url.host} is an address on the proxy host's own network; only registries the owner added may be there`));
    }
    const lookup = (host: string, opts: object, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(host, { ...opts, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return cb(err, []);
        const bad = publicOnly ? addresses.find((a) => privateAddress(a.address)) : undefined;
        if (bad) return cb(new RelayRefusal(`${host} resolves to ${bad.address}, an address on the proxy host's own network; only registries the owner added may be there`), []);
        const all = (opts as { all?: boolean }).all;
        return all ? cb(null, addresses) : cb(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, { method, headers, lookup: lookup as never, timeout: TIMEOUT_MS }, resolve);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}
