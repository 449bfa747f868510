// The registry relay and stored registry credentials, against Debian's docker-registry on loopback.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { startProxy, VIEWER_TOKEN, type TestProxy } from '../support/proxy.ts';

const env = inject('testEnv');
let proxy: TestProxy;
const relay = (url: string, headers: Record<string, string> = {}, token?: string) =>
  proxy.request('GET', `/api/relay?url=${encodeURIComponent(url)}`, { headers, ...(token ? { token } : {}) });
const INDEX = 'application/vnd.oci.image.index.v1+json';

beforeAll(async () => {
  proxy = await startProxy();
});
afterAll(() => proxy?.close());

describe('registry relay', () => {
  test('an unknown registry is refused with a hint', async () => {
    const r = await relay(`${env.registry.url}/v2/_catalog`);
    expect(r.status).toBe(403);
    expect(r.json<{ hint: string }>().hint).toMatch(/Registries page/);
  });

  test('after the owner adds it, the relay passes manifests with their headers', async () => {
    expect((await proxy.request('PUT', `/api/registries/${env.registry.host}`, { body: { insecure: true } })).status).toBe(204);
    const r = await relay(`${env.registry.url}/v2/fixture/multi/manifests/1.0`, { accept: INDEX });
    expect(r.status).toBe(200);
    expect(r.headers['docker-content-digest']).toBe(env.fixtures.multi.digest);
    const index = r.json<{ manifests: { platform: { architecture: string } }[] }>();
    expect(index.manifests.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm', 'arm64']);
  });

  test('only Registry API paths are relayed', async () => {
    const r = await relay(`${env.registry.url}/debug/vars`);
    expect(r.status).toBe(403);
  });

  test('write methods are refused', async () => {
    const r = await proxy.request('POST', `/api/relay?url=${encodeURIComponent(`${env.registry.url}/v2/x/blobs/uploads/`)}`);
    expect(r.status).toBe(405);
  });

  test('a private registry answers 401 until credentials are stored, then the relay attaches them', async () => {
    const url = `${env.authRegistry.url}/v2/private/app/tags/list`;
    await proxy.request('PUT', `/api/registries/${env.authRegistry.host}`, { body: { insecure: true } });
    expect((await relay(url)).status).toBe(401);
    await proxy.request('PUT', `/api/registries/${env.authRegistry.host}`, { body: { username: env.authRegistry.user, password: env.authRegistry.password, insecure: true } });
    const r = await relay(url);
    expect(r.status).toBe(200);
    expect(r.json<{ tags: string[] }>().tags).toContain('1.0');
  });

  test('the credentials list never shows a password, and the file is owner-only', async () => {
    const r = await proxy.request('GET', '/api/registries', { token: VIEWER_TOKEN });
    expect(r.text).not.toContain(env.authRegistry.password);
    expect(r.json<{ registries: { host: string; username: string }[] }>().registries).toContainEqual({ host: env.authRegistry.host, username: env.authRegistry.user, insecure: true });
    expect(statSync(join(proxy.stateDir, 'registries.json')).mode & 0o777).toBe(0o600);
  });

  test('a viewer cannot store credentials', async () => {
    const r = await proxy.request('PUT', '/api/registries/example.com', { token: VIEWER_TOKEN, body: { username: 'a', password: 'b' } });
    expect(r.status).toBe(403);
  });

  test('a pull from the private registry gets X-Registry-Auth from the stored credentials', async () => {
    const ref = env.fixtures.privateImage;
    await engineJson(env.engineSocket, 'DELETE', `/images/${ref.ref}?force=1`).catch(() => undefined);
    const r = await proxy.request('POST', `/api/engines/local/v1.41/images/create?fromImage=${encodeURIComponent(`${ref.registry}/${ref.repo}`)}&tag=${ref.tag}`);
    expect(r.text).not.toMatch(/"error"/);
    expect(r.status).toBe(200);
    const image = await engineJson<{ RepoTags: string[] }>(env.engineSocket, 'GET', `/images/${ref.ref}/json`);
    expect(image.RepoTags).toContain(ref.ref);
  });
});
