import { describe, expect, test, vi } from 'vitest';
import page1 from './fixtures/hub-tags-busybox-page1.json';
import page2 from './fixtures/hub-tags-busybox-page2.json';
import { MEDIA, formatPlatform } from './manifest';
import { parseRepository } from './reference';
import { RegistryError, createRegistryClient, type FetchLike, type KnownRegistry } from './registryClient';

interface Recorded {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type Handler = (url: URL, headers: Headers) => Recorded;

/** A fake relay: routes the decoded ?url= to handlers keyed by the target URL (without query when not matched exactly). */
function fakeRelay(routes: Record<string, Recorded | Handler>) {
  const calls: { url: string; headers: Headers }[] = [];
  const fetch = vi.fn<FetchLike>(async (input, init) => {
    const relay = new URL(input, 'https://porthole.test');
    expect(relay.pathname).toBe('/api/relay');
    const target = relay.searchParams.get('url') ?? '';
    const headers = new Headers(init?.headers);
    calls.push({ url: target, headers });
    const url = new URL(target);
    const route = routes[target] ?? routes[`${url.origin}${url.pathname}`];
    if (!route) return Response.json({ errors: [{ code: 'NAME_UNKNOWN', message: `no route for ${target}` }] }, { status: 404 });
    const recorded = typeof route === 'function' ? route(url, headers) : route;
    const body = recorded.body === undefined ? null : typeof recorded.body === 'string' ? recorded.body : JSON.stringify(recorded.body);
    return new Response(body, { status: recorded.status ?? 200, headers: { 'content-type': 'application/json', ...recorded.headers } });
  });
  return { fetch, calls };
}

const LOCAL: KnownRegistry = { host: '127.0.0.1:5000', username: '', insecure: true };
const R = 'http://127.0.0.1:5000';

describe('paging', () => {
  test('tags: every page, following relative Link headers (recorded from a paging registry)', async () => {
    const { fetch, calls } = fakeRelay({
      [`${R}/v2/app/tags/list?n=2`]: { body: { name: 'app', tags: ['1.0', '1.1'] }, headers: { link: '</v2/app/tags/list?last=1.1&n=2>; rel="next"' } },
      [`${R}/v2/app/tags/list?last=1.1&n=2`]: { body: { name: 'app', tags: ['2.0', '2.1'] }, headers: { link: '</v2/app/tags/list?last=2.1&n=2>; rel="next"' } },
      [`${R}/v2/app/tags/list?last=2.1&n=2`]: { body: { name: 'app', tags: ['3.0'] } },
    });
    const client = createRegistryClient({ fetch, registries: [LOCAL], pageSize: 2 });
    expect(await client.tags(parseRepository('127.0.0.1:5000/app'))).toEqual(['1.0', '1.1', '2.0', '2.1', '3.0']);
    expect(calls).toHaveLength(3);
  });

  test('catalog: pages until Link is gone; null lists count as empty', async () => {
    const { fetch } = fakeRelay({
      [`${R}/v2/_catalog?n=1`]: { body: { repositories: ['a/one'] }, headers: { link: '</v2/_catalog?last=a%2Fone&n=1>; rel="next"' } },
      [`${R}/v2/_catalog?last=a%2Fone&n=1`]: { body: { repositories: null } },
    });
    const client = createRegistryClient({ fetch, registries: [LOCAL], pageSize: 1 });
    expect(await client.catalog('127.0.0.1:5000')).toEqual(['a/one']);
  });

  test('a registry whose Link loops stops at maxPages', async () => {
    const { fetch } = fakeRelay({ [`${R}/v2/_catalog`]: { body: { repositories: ['x'] }, headers: { link: '</v2/_catalog?n=1>; rel="next"' } } });
    const client = createRegistryClient({ fetch, registries: [LOCAL], pageSize: 1, maxPages: 3 });
    expect(await client.catalog('127.0.0.1:5000')).toEqual(['x', 'x', 'x']);
  });
});

describe('token dance', () => {
  const challenge = 'Bearer scope="repository:library/busybox:pull",realm="https://auth.docker.io/token",service="registry.docker.io"';
  test('401 → token from the realm → retry with X-Registry-Authorization; the token is reused', async () => {
    const { fetch, calls } = fakeRelay({
      'https://registry-1.docker.io/v2/library/busybox/tags/list': (_url, headers) =>
        headers.get('X-Registry-Authorization') === 'Bearer T1'
          ? { body: { tags: ['latest'] } }
          : { status: 401, headers: { 'www-authenticate': challenge }, body: { errors: [{ code: 'UNAUTHORIZED' }] } },
      'https://auth.docker.io/token': (url) => {
        expect(url.searchParams.get('service')).toBe('registry.docker.io');
        expect(url.searchParams.get('scope')).toBe('repository:library/busybox:pull');
        return { body: { access_token: 'T1', expires_in: 300 } };
      },
    });
    const client = createRegistryClient({ fetch, registries: [] });
    const ref = parseRepository('busybox');
    expect(await client.tags(ref)).toEqual(['latest']);
    expect(await client.tags(ref)).toEqual(['latest']);
    // 401, token, retry; then the cached token is still sent only after a 401 (tokens are per scope).
    expect(calls.filter((c) => c.url.startsWith('https://auth.docker.io')).length).toBe(1);
    expect(calls.every((c) => !c.headers.has('Authorization'))).toBe(true);
  });

  test('a refused token says to check the stored credentials', async () => {
    const { fetch } = fakeRelay({
      [`https://reg.example/v2/team/app/tags/list`]: { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://reg.example/auth",service="reg.example"' } },
      'https://reg.example/auth': { status: 401, body: { details: 'incorrect username or password' } },
    });
    const client = createRegistryClient({ fetch, registries: [{ host: 'reg.example', username: 'me', insecure: false }] });
    const error = await client.tags(parseRepository('reg.example/team/app')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ status: 401, hint: expect.stringMatching(/Registries page/) });
  });

  test.each([
    { name: 'no stored credentials', username: '', message: /wants a user name and password/, hint: /Add 127.0.0.1:5000/ },
    { name: 'wrong stored credentials', username: 'me', message: /refused the stored user name/, hint: /password for me/ },
  ])('Basic 401: $name', async ({ username, message, hint }) => {
    const { fetch } = fakeRelay({ [`${R}/v2/_catalog`]: { status: 401, headers: { 'www-authenticate': 'Basic realm="Registry Realm"' } } });
    const client = createRegistryClient({ fetch, registries: [{ ...LOCAL, username }] });
    const error = (await client.catalog('127.0.0.1:5000').catch((e: unknown) => e)) as RegistryError;
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
  });
});

describe('tag details', () => {
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA.ociIndex,
    manifests: [
      { mediaType: MEDIA.ociManifest, digest: 'sha256:amd', size: 400, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: MEDIA.ociManifest, digest: 'sha256:arm', size: 400, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
      { mediaType: MEDIA.ociManifest, digest: 'sha256:att', size: 400, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
    ],
  };
  const child = (layer: number) => ({ body: { schemaVersion: 2, mediaType: MEDIA.ociManifest, config: { digest: 'sha256:cfg', size: 100 }, layers: [{ digest: 'sha256:l', size: layer }] }, headers: { 'content-type': MEDIA.ociManifest } });

  test('an index: its platforms without attestations, each sized from its own manifest', async () => {
    const { fetch, calls } = fakeRelay({
      [`${R}/v2/fixture/multi/manifests/1.0`]: { body: index, headers: { 'content-type': MEDIA.ociIndex, 'docker-content-digest': 'sha256:idx' } },
      [`${R}/v2/fixture/multi/manifests/sha256%3Aamd`]: child(1000),
      [`${R}/v2/fixture/multi/manifests/sha256%3Aarm`]: child(2000),
    });
    const client = createRegistryClient({ fetch, registries: [LOCAL] });
    const details = await client.tagDetails(parseRepository('127.0.0.1:5000/fixture/multi'), '1.0');
    expect(details).toMatchObject({ tag: '1.0', digest: 'sha256:idx', multiPlatform: true, mediaType: MEDIA.ociIndex });
    expect(details.platforms.map((p) => [formatPlatform(p), p.size])).toEqual([['linux/amd64', 1100], ['linux/arm/v7', 2100]]);
    expect(calls[0]?.headers.get('Accept')).toContain(MEDIA.ociIndex);
    expect(calls[0]?.headers.get('Accept')).toContain(MEDIA.dockerManifest);
  });

  test('a single manifest: the platform from its config blob, and its size', async () => {
    const { fetch } = fakeRelay({
      [`${R}/v2/fixture/single/manifests/1.0`]: {
        body: { schemaVersion: 2, mediaType: MEDIA.dockerManifest, config: { digest: 'sha256:cfg', size: 50 }, layers: [{ digest: 'sha256:l', size: 950 }] },
        headers: { 'content-type': MEDIA.dockerManifest, 'docker-content-digest': 'sha256:man' },
      },
      [`${R}/v2/fixture/single/blobs/sha256:cfg`]: { body: { os: 'linux', architecture: 'arm64', variant: 'v8' }, headers: { 'content-type': 'application/octet-stream' } },
    });
    const client = createRegistryClient({ fetch, registries: [LOCAL] });
    const details = await client.tagDetails(parseRepository('127.0.0.1:5000/fixture/single'), '1.0');
    expect(details).toMatchObject({ digest: 'sha256:man', multiPlatform: false, size: 1000 });
    expect(details.platforms.map(formatPlatform)).toEqual(['linux/arm64/v8']);
  });

  test('stored tags: one write per repository for a batch of answers; the next page lists them and pays only manifests', async () => {
    const routes = {
      [`${R}/v2/app/tags/list?n=100`]: { body: { name: 'app', tags: ['1.0', '1.1'] } },
      [`${R}/v2/app/manifests/1.0`]: {
        body: { schemaVersion: 2, mediaType: MEDIA.dockerManifest, config: { digest: 'sha256:cfg0', size: 50 }, layers: [] },
        headers: { 'content-type': MEDIA.dockerManifest, 'docker-content-digest': 'sha256:man0' },
      },
      [`${R}/v2/app/manifests/1.1`]: {
        body: { schemaVersion: 2, mediaType: MEDIA.dockerManifest, config: { digest: 'sha256:cfg1', size: 50 }, layers: [] },
        headers: { 'content-type': MEDIA.dockerManifest, 'docker-content-digest': 'sha256:man1' },
      },
      [`${R}/v2/app/blobs/sha256:cfg0`]: { body: { os: 'linux', architecture: 'amd64' } },
      [`${R}/v2/app/blobs/sha256:cfg1`]: { body: { os: 'linux', architecture: 'arm64' } },
    };
    const kept = new Map<string, unknown>();
    const writes: string[] = [];
    // What IndexedDB keeps between pages (queries/registryCache.ts): a repository's stored tags only.
    const disk = { get: async (key: string) => kept.get(key), set: async (key: string, value: unknown) => void (key.startsWith('tags:') && (writes.push(key), kept.set(key, value))) };
    const ref = parseRepository('127.0.0.1:5000/app');
    const first = fakeRelay(routes);
    // No timer needed: the batch is written when the last lookup answers.
    const client = createRegistryClient({ fetch: first.fetch, registries: [LOCAL], cache: disk, storeDelayMs: 60_000, now: () => 42 });
    expect(await client.storedTags(ref)).toBeNull();
    await client.tags(ref);
    await Promise.all([client.tagDetails(ref, '1.0'), client.tagDetails(ref, '1.1')]);
    await vi.waitFor(() => expect(Object.keys((kept.get('tags:127.0.0.1:5000/app') as { details: object } | undefined)?.details ?? {})).toEqual(['1.0', '1.1']));
    expect(writes).toEqual(['tags:127.0.0.1:5000/app']);
    expect(first.calls).toHaveLength(5);

    // A new page: a new client on the same disk; the details by digest come back with the stored tags.
    const again = fakeRelay(routes);
    const memory = new Map<string, unknown>();
    const reopened = {
      get: async (key: string) => {
        if (memory.has(key)) return memory.get(key);
        const value = kept.get(key) as { details: Record<string, { digest: string }> } | undefined;
        for (const d of Object.values(value?.details ?? {})) memory.set(`details:${d.digest}`, d);
        return value;
      },
      set: async (key: string, value: unknown) => void memory.set(key, value),
    };
    const next = createRegistryClient({ fetch: again.fetch, registries: [LOCAL], cache: reopened, storeDelayMs: 0 });
    const stored = await next.storedTags(ref);
    expect(stored?.at).toBe(42);
    expect(stored?.details['1.1']?.platforms.map(formatPlatform)).toEqual(['linux/arm64']);
    expect((await next.tagDetails(ref, '1.1')).platforms.map(formatPlatform)).toEqual(['linux/arm64']);
    expect(again.calls.map((c) => c.url)).toEqual([`${R}/v2/app/manifests/1.1`]);
  });

  test('a missing tag names the registry and the tag problem', async () => {
    const { fetch } = fakeRelay({
      [`${R}/v2/app/manifests/nope`]: { status: 404, body: { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] } },
    });
    const client = createRegistryClient({ fetch, registries: [LOCAL] });
    await expect(client.tagDetails(parseRepository('127.0.0.1:5000/app'), 'nope')).rejects.toThrow('127.0.0.1:5000 has no such tag: manifest unknown.');
  });

  test('a relay refusal keeps the proxy’s words and hint', async () => {
    const { fetch } = fakeRelay({
      'https://unknown.example/v2/_catalog': { status: 403, body: { error: 'unknown.example is not a registry Porthole knows', hint: 'add it on the Registries page' } },
    });
    const client = createRegistryClient({ fetch, registries: [] });
    const error = (await client.catalog('unknown.example').catch((e: unknown) => e)) as RegistryError;
    expect(error.message).toBe('Unknown.example is not a registry Porthole knows');
    expect(error.hint).toBe('add it on the Registries page');
  });
});

describe('Docker Hub tag API', () => {
  test('every page of recorded Hub responses, through the relay', async () => {
    const first = 'https://hub.docker.com/v2/namespaces/library/repositories/busybox/tags?page_size=100';
    const { fetch } = fakeRelay({
      [first]: { body: { ...page1, next: page1.next } },
      [page1.next]: { body: page2 },
    });
    const client = createRegistryClient({ fetch, registries: [] });
    const tags = await client.hubTags(parseRepository('busybox'));
    expect(tags?.map((t) => t.tag)).toEqual(['latest', '1.36-uclibc', '1.35']);
    expect(tags?.[0]?.platforms.map(formatPlatform)).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64/v8']);
  });

  test('null when Hub does not answer, and for other registries', async () => {
    const { fetch } = fakeRelay({});
    const client = createRegistryClient({ fetch, registries: [LOCAL] });
    expect(await client.hubTags(parseRepository('busybox'))).toBeNull();
    expect(await client.hubTags(parseRepository('127.0.0.1:5000/app'))).toBeNull();
  });
});

test('a network failure of the proxy is status 0', async () => {
  const fetch = vi.fn<FetchLike>().mockRejectedValue(new TypeError('Failed to fetch'));
  const client = createRegistryClient({ fetch, registries: [LOCAL] });
  await expect(client.catalog('127.0.0.1:5000')).rejects.toMatchObject({ status: 0 });
});

describe('newer image checks', () => {
  const ref = parseRepository('127.0.0.1:5000/team/app:1.0');
  const amd64 = { os: 'linux', architecture: 'amd64', variant: null };

  test('headTag asks by HEAD and reads the digest and media type from the headers', async () => {
    const { fetch, calls } = fakeRelay({
      [`${R}/v2/team/app/manifests/1.0`]: { headers: { 'docker-content-digest': 'sha256:idx', 'content-type': MEDIA.ociIndex } },
    });
    const client = createRegistryClient({ fetch, registries: [LOCAL] });
    expect(await client.headTag(ref, '1.0')).toEqual({ digest: 'sha256:idx', mediaType: MEDIA.ociIndex });
    expect(fetch.mock.calls[0]?.[1]?.method).toBe('HEAD');
    expect(calls[0]?.headers.get('accept')).toContain(MEDIA.ociIndex);
  });

  test("resolveTag: the index's entry for the platform, its config digest and the config's date", async () => {
    const { fetch, calls } = fakeRelay({
      [`${R}/v2/team/app/manifests/sha256%3Aidx`]: {
        headers: { 'content-type': MEDIA.ociIndex },
        body: { manifests: [{ digest: 'sha256:arm', platform: { os: 'linux', architecture: 'arm64' } }, { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } }] },
      },
      [`${R}/v2/team/app/manifests/sha256%3Aamd`]: { headers: { 'content-type': MEDIA.ociManifest }, body: { config: { digest: 'sha256:cfg' }, layers: [] } },
      [`${R}/v2/team/app/blobs/sha256:cfg`]: { body: { created: '2026-12-01T10:00:00Z', architecture: 'amd64', os: 'linux' } },
    });
    const client = createRegistryClient({ fetch, registries: [LOCAL] });
    expect(await client.resolveTag(ref, 'sha256:idx', amd64)).toEqual({ platformFound: true, manifestDigest: 'sha256:amd', configDigest: 'sha256:cfg', created: '2026-12-01T10:00:00Z' });
    expect(calls.map((c) => c.url)).not.toContain(`${R}/v2/team/app/manifests/sha256%3Aarm`);
  });

  test('resolveTag: an index without this platform; a config blob that cannot be read leaves only the date out', async () => {
    const { fetch } = fakeRelay({
      [`${R}/v2/team/app/manifests/sha256%3Aidx`]: { headers: { 'content-type': MEDIA.ociIndex }, body: { manifests: [{ digest: 'sha256:arm', platform: { os: 'linux', architecture: 'arm64' } }] } },
      [`${R}/v2/team/app/manifests/sha256%3Aone`]: { headers: { 'content-type': MEDIA.dockerManifest }, body: { config: { digest: 'sha256:cfg' } } },
      [`${R}/v2/team/app/blobs/sha256:cfg`]: { status: 403, body: { error: 'downloading layers from a private registry with the stored credentials needs the admin role' } },
    });
    const client = createRegistryClient({ fetch, registries: [LOCAL] });
    expect((await client.resolveTag(ref, 'sha256:idx', amd64)).platformFound).toBe(false);
    expect(await client.resolveTag(ref, 'sha256:one', amd64)).toEqual({ platformFound: true, manifestDigest: 'sha256:one', configDigest: 'sha256:cfg', created: null });
  });
});
