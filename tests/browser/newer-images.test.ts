// "Newer image available" in Chromium against the real registry and engine: a tag pulled into the engine,
// then rebuilt and pushed again under the same name (a single manifest, and a multi-platform index), is
// flagged on the image list, the image page and the home; "Pull to update" moves the tag to the new image;
// a container on the older image is recreated on the newer one with its settings. An index whose entry for
// this engine's platform did not change (another platform was rebuilt) is not flagged.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest, readStream, registryAuthHeader } from '../harness/engine-client.ts';
import { buildImage, pushIndex } from '../harness/fixtures.ts';
import { containerJanitor } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const socket = env.engineSocket;
const run = Date.now().toString(36);
const janitor = containerJanitor();
const images = new Set<string>();
const { proxy, login } = useProxyAndContext({
  cleanup: async () => {
    await janitor.cleanup();
    for (const image of images) await engineRequest(socket, 'DELETE', `/images/${image}?force=1`).catch(() => undefined);
  },
});

interface Inspect {
  Id: string;
  RepoDigests: string[] | null;
}

const inspectImage = (ref: string) => engineJson<Inspect>(socket, 'GET', `/images/${ref}/json`);

async function pull(ref: string): Promise<Inspect> {
  const at = ref.lastIndexOf(':');
  const q = new URLSearchParams({ fromImage: ref.slice(0, at), tag: ref.slice(at + 1) });
  readStream(`pull of ${ref}`, await engineRequest(socket, 'POST', `/images/create?${q}`));
  const image = await inspectImage(ref);
  images.add(image.Id);
  return image;
}

/** Pushes a local tag through the engine; answers the manifest digest the registry now holds for it. */
async function push(ref: string): Promise<string> {
  const at = ref.lastIndexOf(':');
  const res = await engineRequest(socket, 'POST', `/images/${ref.slice(0, at)}/push?tag=${ref.slice(at + 1)}`, undefined, { 'x-registry-auth': registryAuthHeader() });
  const digest = readStream(`push of ${ref}`, res).find((m) => m.aux?.Digest)?.aux?.Digest;
  if (!digest) throw new Error(`push of ${ref} reported no digest`);
  return digest;
}

const row = (page: Page, ref: string) => page.locator(`[data-testid="image-row"][data-repo-tag="${ref}"]`);
const check = (page: Page, ref: string) => page.locator(`[data-testid="image-newer-check"][data-ref="${ref}"]`);
const imageHash = (ref: string) => `#/local/images/${encodeURIComponent(ref).replace(/%3A/g, ':')}`;

/** The image page's "Pull to update" for a flagged tag, to its end. */
async function pullToUpdate(page: Page, ref: string): Promise<void> {
  await page.goto(new URL(imageHash(ref), page.url()).toString());
  await expect.poll(() => check(page, ref).getAttribute('data-state'), { timeout: 30_000 }).toBe('newer');
  await check(page, ref).getByTestId('image-newer-pull').click();
  await expect.poll(() => page.getByTestId('image-newer-result').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
}

beforeAll(async () => {
  // The relay only passes registries Porthole knows: the loopback registry is added as the owner would.
  await proxy().request('PUT', `/api/registries/${env.registry.host}`, { body: { insecure: true } });
});

describe('newer image available', () => {
  test('a single-manifest tag rebuilt in its registry: flagged, pulled to update, its container recreated with its settings', async () => {
    const ref = `${env.registry.host}/newer/single-${run}:1.0`;
    const repo = ref.slice(0, ref.lastIndexOf(':'));
    // Build 1 in the registry, then pulled into the engine as a person would.
    await buildImage({ socketPath: socket }, ref, 'FROM fixture/busybox:1\nRUN echo one > /version\nCMD ["sleep","100000"]\n');
    await push(ref);
    await engineRequest(socket, 'DELETE', `/images/${ref}`);
    const first = await pull(ref);
    expect(first.RepoDigests?.length).toBeGreaterThan(0);
    const name = janitor.track(`newer-${run}`);
    await janitor.create(name, {
      Image: ref,
      Env: ['GREETING=hello'],
      Labels: { 'org.porthole.test': 'newer' },
      HostConfig: { RestartPolicy: { Name: 'unless-stopped' }, Memory: 64 * 1024 * 1024 },
    });

    // Build 2 pushed under the same tag; the engine's tag stays on build 1, and build 2 leaves the engine.
    await buildImage({ socketPath: socket }, ref, 'FROM fixture/busybox:1\nRUN echo two > /version\nCMD ["sleep","100000"]\n');
    const secondDigest = await push(ref);
    const second = await inspectImage(ref);
    await engineRequest(socket, 'POST', `/images/${first.Id}/tag?${new URLSearchParams({ repo, tag: '1.0' })}`);
    expect((await engineRequest(socket, 'DELETE', `/images/${second.Id}?force=1`)).status).toBe(200);
    expect((await inspectImage(ref)).Id).toBe(first.Id);

    // The list flags it, with when the registry was asked.
    const page = await login(`#/local/images?q=${encodeURIComponent(`newer/single-${run}`)}`);
    await expect.poll(() => row(page, ref).getAttribute('data-newer'), { timeout: 30_000 }).toBe('newer');
    expect(await row(page, ref).getByTestId('image-newer').isVisible()).toBe(true);
    expect(await page.getByTestId('newer-summary').textContent()).toMatch(/checked/);

    // The home counts it.
    await page.goto(new URL('#/local', page.url()).toString());
    await expect.poll(async () => Number(await page.getByTestId('home-newer-count').getAttribute('data-count')), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

    // The image page names the registry's build date, and pulls to update.
    await page.goto(new URL(imageHash(ref), page.url()).toString());
    await expect.poll(() => check(page, ref).getAttribute('data-state'), { timeout: 30_000 }).toBe('newer');
    expect(await check(page, ref).getByTestId('image-newer-created').textContent()).toMatch(/built/);
    await pullToUpdate(page, ref);
    const updated = await inspectImage(ref);
    images.add(updated.Id);
    expect(updated.Id).toBe(second.Id);
    expect(updated.RepoDigests).toContain(`${repo}@${secondDigest}`);
    await expect.poll(() => check(page, ref).getAttribute('data-state'), { timeout: 30_000 }).toBe('current');

    // The container still runs build 1: recreated with build 2 through the replace form, which asks first.
    const before = await janitor.inspect(name);
    await page.goto(new URL(`#/local/containers/${name}`, page.url()).toString());
    await expect.poll(() => page.getByTestId('container-newer').getAttribute('data-state'), { timeout: 30_000 }).toBe('pulled');
    await page.getByTestId('container-newer-recreate').click();
    await page.getByTestId('create-recreate').waitFor();
    expect(await page.getByTestId('create-replace').isChecked()).toBe(true);
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.getByTestId('confirm-lost').textContent()).toContain('writable layer');
    await page.getByTestId('confirm-yes').click();
    await expect.poll(async () => (await janitor.inspect(name))?.Id !== before?.Id && (await janitor.inspect(name))?.State.Running, { timeout: 30_000 }).toBe(true);
    const after = (await engineJson<{ Image: string; Id: string; Config: { Env: string[]; Labels: Record<string, string> }; HostConfig: { RestartPolicy: { Name: string }; Memory: number } }>(socket, 'GET', `/containers/${name}/json`));
    expect(after.Image).toBe(second.Id);
    expect(after.Config.Env).toContain('GREETING=hello');
    expect(after.Config.Labels['org.porthole.test']).toBe('newer');
    expect(after.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    expect(after.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect((await engineRequest(socket, 'GET', `/containers/${before?.Id}/json`)).status).toBe(404);
    await page.close();
  }, 240_000);

  test('a multi-platform index: flagged when this platform changed, pulled to update, and not flagged when only another platform changed', async () => {
    const path = `newer/multi-${run}`;
    const ref = `${env.registry.host}/${path}:1.0`;
    const amd64 = { os: 'linux', architecture: 'amd64' };
    const arm64 = { os: 'linux', architecture: 'arm64' };
    const v1 = await pushIndex(env.registry, path, '1.0', [
      { platform: amd64, files: { version: '1' } },
      { platform: arm64, files: { version: '1' } },
    ]);
    const first = await pull(ref);
    expect(first.Id).toBe(v1.images[0]?.config);
    // The engine records the index's digest, not the platform manifest's: the trap this feature has to know.
    expect(first.RepoDigests).toContain(`${env.registry.host}/${path}@${v1.digest}`);

    const v2 = await pushIndex(env.registry, path, '1.0', [
      { platform: amd64, files: { version: '2' } },
      { platform: arm64, files: { version: '1' } },
    ]);
    const page = await login(`#/local/images?q=${encodeURIComponent(path)}`);
    await expect.poll(() => row(page, ref).getAttribute('data-newer'), { timeout: 30_000 }).toBe('newer');
    await pullToUpdate(page, ref);
    const updated = await inspectImage(ref);
    images.add(updated.Id);
    expect(updated.Id).toBe(v2.images[0]?.config);
    expect(updated.RepoDigests).toContain(`${env.registry.host}/${path}@${v2.digest}`);

    // Only arm64 rebuilt: a new index digest, the same amd64 image. Asked again, it is not flagged.
    const v3 = await pushIndex(env.registry, path, '1.0', [
      { platform: amd64, files: { version: '2' } },
      { platform: arm64, files: { version: '3' } },
    ]);
    expect(v3.digest).not.toBe(v2.digest);
    expect(v3.images[0]?.manifest).toBe(v2.images[0]?.manifest);
    await page.goto(new URL(`#/local/images?q=${encodeURIComponent(path)}`, page.url()).toString());
    await page.getByTestId('newer-recheck').click();
    await expect.poll(() => row(page, ref).getAttribute('data-registry-digest'), { timeout: 30_000 }).toBe(v3.digest);
    await expect.poll(() => row(page, ref).getAttribute('data-newer'), { timeout: 30_000 }).toBe('current');
    await page.close();
  }, 240_000);
});
