import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RegistryStore } from './registries.ts';
import { bearerRealm, isBlobPath, judgeHop, privateAddress, RealmBook, Relay } from './relay.ts';

describe('bearerRealm', () => {
  it.each([
    ['Bearer realm="https://auth.docker.io/token",service="registry.docker.io"', 'https://auth.docker.io/token'],
    ['Bearer service="ghcr.io",realm="https://ghcr.io/token"', 'https://ghcr.io/token'],
    ['Basic realm="Registry Realm", Bearer realm="https://r.example/t",service="s"', 'https://r.example/t'],
  ])('%s → %s', (header, realm) => {
    expect(bearerRealm(header)?.href).toBe(realm);
  });

  it.each(['Basic realm="Registry Realm"', 'Bearer service="x"', 'Bearer realm="not a url"'])('%s has none', (header) => {
    expect(bearerRealm(header)).toBeNull();
  });
});

describe('RealmBook: only announced token endpoints are relayed', () => {
  it('knows Docker Hub\'s token endpoint from the start, and nothing else of its host', () => {
    const book = new RealmBook();
    expect(book.registryOf(new URL('https://auth.docker.io/token?service=registry.docker.io&scope=x'))).toBe('docker.io');
    expect(book.registryOf(new URL('https://auth.docker.io/admin'))).toBeUndefined();
  });

  it('allows the announced path of the announced host, not its other paths or other hosts', () => {
    const book = new RealmBook();
    book.announce(new URL('https://login.example:8443/v1/token'), 'registry.example');
    expect(book.registryOf(new URL('https://LOGIN.example:8443/v1/token?scope=a'))).toBe('registry.example');
    expect(book.registryOf(new URL('https://login.example:8443/v1/other'))).toBeUndefined();
    expect(book.registryOf(new URL('https://login.example/v1/token'))).toBeUndefined();
  });

  it('ignores plain-HTTP realms, and a later registry cannot take over an endpoint another announced', () => {
    const book = new RealmBook();
    book.announce(new URL('http://169.254.169.254/latest/meta-data'), 'evil.example');
    expect(book.registryOf(new URL('http://169.254.169.254/latest/meta-data'))).toBeUndefined();
    book.announce(new URL('https://ghcr.io/token'), 'ghcr.io');
    book.announce(new URL('https://ghcr.io/token'), 'evil.example');
    expect(book.registryOf(new URL('https://ghcr.io/token'))).toBe('ghcr.io');
  });
});

describe('privateAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '[::1]'])('%s is private', (a) => {
    expect(privateAddress(a)).toBe(true);
  });
  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1', '::ffff:1.1.1.1'])('%s is public', (a) => {
    expect(privateAddress(a)).toBe(false);
  });
});

describe('judgeHop: every hop by the rules of the first URL', () => {
  const registry = { registry: true, ownerAdded: false, insecure: false, realm: false };
  const unknown = { registry: false, ownerAdded: false, insecure: false, realm: false };
  const blobHop = { redirect: true, blob: true };
  it.each([
    ['a registry path', 'https://ghcr.io/v2/a/manifests/1', registry, { redirect: false, blob: false }, null],
    ['a CDN as the target of a blob redirect', 'https://cdn.example/blob?sig=1', unknown, blobHop, null],
    ['a CDN as a first URL', 'https://cdn.example/blob', unknown, { redirect: false, blob: true }, /not a registry Porthole knows/],
    ['a redirect of a manifest', 'https://cdn.example/m', unknown, { redirect: true, blob: false }, /only for layer downloads/],
    ['a registry path outside /v2/ after a redirect', 'https://ghcr.io/admin', registry, blobHop, /only Registry API paths/],
    ['plain http to a CDN', 'http://cdn.example/b', unknown, blobHop, /http: to cdn.example is not allowed/],
    ['plain http to an insecure registry the owner added', 'http://10.0.0.5:5000/v2/x/blobs/sha256:a', { ...registry, ownerAdded: true, insecure: true }, blobHop, null],
    ['credentials in a redirect', 'https://u:p@cdn.example/b', unknown, blobHop, /credentials in the URL/],
  ] as const)('%s', (_n, url, host, hop, want) => {
    const r = judgeHop(new URL(url), host, hop);
    if (want) expect(r).toMatch(want);
    else expect(r).toBeNull();
  });
  it('knows a blob path', () => {
    expect(isBlobPath('/v2/library/busybox/blobs/sha256:abc123')).toBe(true);
    expect(isBlobPath('/v2/library/busybox/manifests/sha256:abc123')).toBe(false);
  });
});

describe('Relay: upstream connections', () => {
  it('keeps one keep-alive connection to a registry for GETs and HEADs one after another', async () => {
    const upstream = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2', 'docker-content-digest': 'sha256:ab' });
      res.end(req.method === 'HEAD' ? undefined : '{}');
    });
    let connections = 0;
    upstream.on('connection', () => connections++);
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const registries = { get: (name: string) => (name === host ? { host, username: '', password: '', insecure: true } : undefined) } as unknown as RegistryStore;
    const relay = new Relay(registries);
    const front = http.createServer((req, res) => void relay.handle(req, res, 'admin'));
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const agent = new http.Agent({ keepAlive: true });
    const ask = (method: string, i: number) =>
      new Promise<{ status: number; digest: unknown }>((resolve, reject) => {
        const url = `http://${host}/v2/app/manifests/${i}`;
        http
          .request(`http://127.0.0.1:${(front.address() as AddressInfo).port}/api/relay?url=${encodeURIComponent(url)}`, { method, agent }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, digest: res.headers['docker-content-digest'] }));
          })
          .on('error', reject)
          .end();
      });
    try {
      for (let i = 0; i < 10; i++) expect(await ask(i % 2 ? 'HEAD' : 'GET', i)).toEqual({ status: 200, digest: 'sha256:ab' });
      expect(connections).toBe(1);
    } finally {
      agent.destroy();
      front.close();
      upstream.close();
      upstream.closeAllConnections();
    }
  });
});
