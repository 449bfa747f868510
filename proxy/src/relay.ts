// The registry relay: registries send no CORS headers, so the browser's tag and manifest lookups come here.
// Only GET/HEAD, only to known registries (public ones, the ones the owner added) and the token realms they
// announce, only under /v2/ on a registry. The browser does the token dance; its registry token travels in
// X-Registry-Authorization, since Authorization is Porthole's own.
import type { IncomingMessage, ServerResponse } from 'node:http';
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

export class Relay {
  private readonly realms = new RealmBook();

  constructor(private readonly registries: RegistryStore) {}

  /** Viewers may list tags and read manifests with the stored credentials, but not download layers (file contents). */
  async handle(req: IncomingMessage, res: ServerResponse, role: 'admin' | 'viewer'): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, 'the relay passes only GET and HEAD');
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
    if (!isRegistry && realmOf === undefined) {
      return refuse(req, res, 403, `${host} is not a registry Porthole knows (nor is ${target.pathname} a token endpoint one announced)`, 'add the registry on the Registries page (its credentials stay on the proxy host)');
    }
    // A registry may be its own token server (ghcr.io/token): that one announced path passes too.
    if (isRegistry && realmOf === undefined && !target.pathname.startsWith('/v2/')) {
      return refuse(req, res, 403, 'only Registry API paths (/v2/...) and announced token endpoints are relayed');
    }
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && entry?.insecure)) {
      return refuse(req, res, 403, `${target.protocol} to ${host} is not allowed; only registries added as insecure may use plain HTTP`);
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

    let upstream: Response;
    try {
      upstream = await this.fetchFollowing(target, req.method, headers);
    } catch (e) {
      return refuse(req, res, 502, `registry ${host} did not answer: ${(e as Error).message}`, 'check the registry address and the network of the proxy host');
    }
    const challenge = upstream.headers.get('www-authenticate');
    const realm = challenge && isRegistry ? bearerRealm(challenge) : null;
    if (realm) this.realms.announce(realm, canonicalRegistry(host));
    const out: Record<string, string> = { 'cache-control': 'no-store' };
    for (const h of PASSED_HEADERS) {
      const v = upstream.headers.get(h);
      if (v !== null) out[h] = v;
    }
    res.writeHead(upstream.status, out);
    if (req.method === 'HEAD' || !upstream.body) return void res.end();
    let size = 0;
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_BYTES) return void res.destroy(new Error('relayed body over the limit'));
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  /** Follows up to 3 redirects (blob downloads go to CDNs), dropping credentials when the host changes. */
  private async fetchFollowing(url: URL, method: string, headers: Record<string, string>): Promise<Response> {
    let current = url;
    let hdrs = headers;
    for (let hop = 0; hop < 4; hop++) {
      const r = await fetch(current, { method, headers: hdrs, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
      const location = r.headers.get('location');
      if (r.status < 300 || r.status >= 400 || !location) return r;
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && next.host !== current.host) throw new Error(`redirect to ${next.protocol} refused`);
      if (next.host !== current.host) {
        const { authorization: _dropped, ...rest } = hdrs;
        hdrs = rest;
      }
      current = next;
    }
    throw new Error('too many redirects');
  }
}
