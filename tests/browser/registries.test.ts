// Registries in Chromium against the real loopback registries and the test engine: add a registry, search,
// tags with their platforms, pulls with progress (and their errors), tag and push from the image page.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { pushIndex } from '../harness/fixtures.ts';
import { screenshots } from '../support/screenshots.ts';
import { useProxyAndContext } from '../support/session.ts';
import { createRegistryClient, type FetchLike } from '../../web/src/registry/registryClient.ts';

const env = inject('testEnv');
const run = Date.now().toString(36);
const pulled = new Set<string>();
const { proxy, login, reopenContext, context } = useProxyAndContext({
  cleanup: async () => {
    for (const ref of pulled) await removeImage(ref).catch(() => undefined);
  },
});

const repoHash = (repo: string) => `#/local/registries/${encodeURIComponent(repo).replace(/%3A/g, ':')}`;

async function removeImage(ref: string): Promise<void> {
  await engineRequest(env.engineSocket, 'DELETE', `/images/${ref}?force=1`);
}

async function hasImage(ref: string): Promise<boolean> {
  return (await engineRequest(env.engineSocket, 'GET', `/images/${ref}/json`)).status === 200;
}

/** The proxy's relay as a fetch for the registry client in this process (same requests the browser makes). */
const relayFetch: FetchLike = async (input, init) => {
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
  const r = await proxy().request('GET', input, { headers });
  const out = new Headers();
  for (const [key, value] of Object.entries(r.headers)) if (typeof value === 'string') out.set(key, value);
  return new Response(r.status === 204 ? null : r.text, { status: r.status, headers: out });
};

async function transfer(page: Page, ref: string) {
  const row = page.locator(`[data-testid="transfer"][data-ref="${ref}"]`).first();
  await row.waitFor();
  return row;
}

async function finished(page: Page, ref: string): Promise<string> {
  const row = await transfer(page, ref);
  await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).not.toBe('running');
  return (await row.getAttribute('data-status')) ?? '';
}

describe('registries page', () => {
  test('an admin adds a registry; the list shows it without the password', async () => {
    const page = await login('#/local/registries');
    await page.getByTestId('registry-host').fill(env.registry.host);
    await page.getByTestId('registry-insecure').check();
    await page.getByTestId('registry-add').click();
    await page.getByTestId('registry-saved').waitFor();
    const row = page.locator(`[data-testid="registry-row"][data-host="${env.registry.host}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('insecure');
    const stored = (await proxy().request('GET', '/api/registries')).json<{ registries: { host: string; insecure: boolean }[] }>();
    expect(stored.registries).toContainEqual({ host: env.registry.host, username: '', insecure: true });
  });

  test('removing a registry takes it off the proxy', async () => {
    await proxy().request('PUT', '/api/registries/remove-me.example', { body: { username: 'u', password: 'secret-pw', insecure: false } });
    const page = await login('#/local/registries');
    page.on('dialog', (dialog) => void dialog.accept());
    const row = page.locator('[data-testid="registry-row"][data-host="remove-me.example"]');
    expect(await row.textContent()).not.toContain('secret-pw');
    await row.getByTestId('registry-remove').click();
    await row.waitFor({ state: 'detached' });
    const stored = (await proxy().request('GET', '/api/registries')).json<{ registries: { host: string }[] }>();
    expect(stored.registries.map((r) => r.host)).not.toContain('remove-me.example');
  });
});

describe('search', () => {
  test('lists the pushed repositories of an added registry, and says why Docker Hub search failed', async () => {
    await proxy().request('PUT', `/api/registries/${env.registry.host}`, { body: { insecure: true } });
    const page = await login('#/local/registries');
    await page.getByTestId('registry-search-input').fill('fixture');
    await page.getByTestId('registry-search-submit').click();
    const group = page.locator(`[data-testid="search-group"][data-registry="${env.registry.host}"]`);
    await group.getByTestId('search-hit').first().waitFor();
    const names = await group.getByTestId('search-hit').evaluateAll((hits) => hits.map((h) => h.getAttribute('data-name')));
    expect(names).toEqual(expect.arrayContaining([`${env.registry.host}/fixture/multi`, `${env.registry.host}/fixture/single`]));
    // No internet here: the engine's own reason is shown.
    const hubError = page.getByTestId('hub-search-error');
    await hubError.waitFor({ timeout: 30_000 });
    expect((await hubError.textContent())?.length).toBeGreaterThan(30);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/local/registries?q=fixture');
  });

  test('the catalog is read page by page (the real registry pages _catalog?n=1 with Link)', async () => {
    await proxy().request('PUT', `/api/registries/${env.registry.host}`, { body: { insecure: true } });
    const client = createRegistryClient({ fetch: relayFetch, registries: [{ host: env.registry.host, username: '', insecure: true }], pageSize: 1 });
    const repositories = await client.catalog(env.registry.host);
    expect(repositories.length).toBeGreaterThanOrEqual(2);
    expect(repositories).toEqual(expect.arrayContaining(['fixture/multi', 'fixture/single']));
    expect(new Set(repositories).size).toBe(repositories.length);
  });
});

describe('tags', () => {
  beforeAll(async () => {
    await proxy().request('PUT', `/api/registries/${env.registry.host}`, { body: { insecure: true } });
  });

  test('a multi-platform tag shows every platform, no attestation, its digest, and the engine’s own platform marked', async () => {
    const multi = env.fixtures.multi;
    const engines = (await proxy().request('GET', '/api/engines')).json<{ engines: { name: string; os: string; arch: string }[] }>();
    const local = engines.engines.find((e) => e.name === 'local');
    const page = await login(repoHash(`${multi.registry}/${multi.repo}`));
    const row = page.locator(`[data-testid="tag-row"][data-tag="${multi.tag}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    const platforms = await row.getByTestId('tag-platform').evaluateAll((els) => els.map((e) => e.getAttribute('data-platform')));
    expect(platforms.sort()).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64']);
    expect(platforms.some((p) => p?.includes('unknown'))).toBe(false);
    expect(await row.getAttribute('data-digest')).toBe(multi.digest);
    const native = await row.locator('[data-testid="tag-platform"][data-native="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-platform')));
    expect(native).toEqual([`${local?.os}/${local?.arch}`]);
  });

  test('every tag of a repository is listed, each with its digest and platform from the config', async () => {
    const single = env.fixtures.single;
    const page = await login(repoHash(`${single.registry}/${single.repo}`));
    await expect.poll(() => page.getByTestId('tag-count').getAttribute('data-total'), { timeout: 20_000 }).toBe(String(single.tags.length));
    const tags = await page.getByTestId('tag-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tag')));
    expect(tags.sort()).toEqual([...single.tags].sort());
    const row = page.locator(`[data-testid="tag-row"][data-tag="${single.tag}"]`);
    await expect.poll(() => row.getAttribute('data-digest'), { timeout: 20_000 }).toBe(single.digest);
    expect(await row.getByTestId('tag-platform').getAttribute('data-platform')).toBe('linux/amd64');
  });
});

describe('stored tags', () => {
  test('a second visit lists the stored tags at once, marked as stored, then the registry’s answer replaces them (a moved tag shows its new digest)', async () => {
    await proxy().request('PUT', `/api/registries/${env.registry.host}`, { body: { insecure: true } });
    const path = `stored/app-${run}`;
    const amd64 = { os: 'linux', architecture: 'amd64' };
    const arm64 = { os: 'linux', architecture: 'arm64' };
    const v1 = await pushIndex(env.registry, path, 'moving', [{ platform: amd64, files: { version: '1' } }]);
    const kept = await pushIndex(env.registry, path, 'kept', [{ platform: arm64, files: { version: 'k' } }]);
    const first = await login(repoHash(`${env.registry.host}/${path}`));
    const firstRow = first.locator('[data-testid="tag-row"][data-tag="moving"]');
    await expect.poll(() => firstRow.getAttribute('data-digest'), { timeout: 20_000 }).toBe(v1.digest);
    expect(await firstRow.getAttribute('data-stored')).toBeNull();
    // Written to IndexedDB once the answers are in (one entry for the repository).
    await expect
      .poll(
        () =>
          first.evaluate(
            (key) =>
              new Promise<string[]>((resolve) => {
                const open = indexedDB.open('porthole-registry');
                open.onsuccess = () => {
                  const read = open.result.transaction('by-digest').objectStore('by-digest').get(key);
                  read.onsuccess = () => resolve(Object.keys((read.result as { details?: object } | undefined)?.details ?? {}).sort());
                };
              }),
            `tags:${env.registry.host}/${path}`,
          ),
        { timeout: 20_000 },
      )
      .toEqual(['kept', 'moving']);
    await first.close();

    const v2 = await pushIndex(env.registry, path, 'moving', [{ platform: amd64, files: { version: '2' } }]);
    expect(v2.digest).not.toBe(v1.digest);
    // Hold the registry's answers until the stored rows were checked.
    const page = await context().newPage();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/relay?**', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${proxy().origin}/${repoHash(`${env.registry.host}/${path}`)}`);
    const moving = page.locator('[data-testid="tag-row"][data-tag="moving"]');
    const keptRow = page.locator('[data-testid="tag-row"][data-tag="kept"]');
    await expect.poll(() => moving.getAttribute('data-stored'), { timeout: 20_000 }).toBe('true');
    expect(await moving.getAttribute('data-state')).toBe('ready');
    expect(await moving.getAttribute('data-digest')).toBe(v1.digest);
    expect(await keptRow.getByTestId('tag-platform').getAttribute('data-platform')).toBe('linux/arm64');
    expect(await page.getByTestId('tags-stored-notice').textContent()).toMatch(/^stored .* ago$/);
    release();
    await expect.poll(() => moving.getAttribute('data-digest'), { timeout: 20_000 }).toBe(v2.digest);
    await expect.poll(() => keptRow.getAttribute('data-stored'), { timeout: 20_000 }).toBeNull();
    expect(await keptRow.getAttribute('data-digest')).toBe(kept.digest);
    expect(await moving.getAttribute('data-stored')).toBeNull();
    await expect.poll(() => page.getByTestId('tags-stored-notice').count()).toBe(0);
  });
});

describe('pull', () => {
  beforeAll(async () => {
    await proxy().request('PUT', `/api/registries/${env.registry.host}`, { body: { insecure: true } });
  });

  test('a pull shows per-layer progress and its digest, then the image is in the list and the engine', async () => {
    const multi = env.fixtures.multi;
    const ref = multi.ref;
    await removeImage(ref);
    pulled.add(ref);
    const page = await login(repoHash(`${multi.registry}/${multi.repo}`));
    await page.locator(`[data-testid="tag-row"][data-tag="${multi.tag}"]`).getByTestId('tag-pull').click();
    const row = await transfer(page, ref);
    expect(await finished(page, ref)).toBe('done');
    const layers = await row.getByTestId('transfer-layer').evaluateAll((els) => els.map((e) => e.getAttribute('data-phase')));
    expect(layers.length).toBeGreaterThan(0);
    expect(layers.every((p) => p === 'complete' || p === 'exists')).toBe(true);
    expect(await row.getByTestId('transfer-result').textContent()).toContain(multi.digest);
    expect(await row.getByTestId('transfer-overall').getAttribute('data-fraction')).toBe('1.000');
    expect(await hasImage(ref)).toBe(true);
    // The tray stays while moving elsewhere; the image list has the new tag.
    await page.locator('nav.nav a.nav-link', { hasText: 'Images' }).click();
    await page.locator(`[data-testid="image-row"][data-repo-tag="${ref}"]`).waitFor();
    expect(await page.getByTestId('transfers-toggle').isVisible()).toBe(true);
  });

  test('from the image list: "Pull…" opens the pull form, and the pulled image is on the engine and listed', async () => {
    const ref = `${env.fixtures.single.registry}/${env.fixtures.single.repo}:1.1`;
    await removeImage(ref);
    pulled.add(ref);
    const page = await login('#/local/images');
    await page.getByTestId('image-pull-link').click();
    await page.getByTestId('pull-ref').fill(ref);
    await page.getByTestId('pull-submit').click();
    expect(await finished(page, ref)).toBe('done');
    expect(await hasImage(ref)).toBe(true);
    await page.locator('nav.nav a.nav-link', { hasText: 'Images' }).click();
    await page.locator(`[data-testid="image-row"][data-repo-tag="${ref}"]`).waitFor();
  });

  test('one platform of a multi-platform tag is pulled with platform=', async () => {
    const multi = env.fixtures.multi;
    const ref = multi.ref;
    await removeImage(ref);
    pulled.add(ref);
    const page = await login(repoHash(`${multi.registry}/${multi.repo}`));
    await page.locator('[data-testid="tag-platform"][data-platform="linux/arm64"]').getByTestId('platform-pull').click();
    expect(await finished(page, ref)).toBe('done');
    const layers = await (await transfer(page, ref)).getByTestId('transfer-layer').evaluateAll((els) => els.map((e) => e.getAttribute('data-phase')));
    expect(layers).toEqual(['complete']);
    const inspect = await engineJson<{ Architecture: string }>(env.engineSocket, 'GET', `/images/${ref}/json`);
    expect(inspect.Architecture).toBe('arm64');
    await removeImage(ref);
  });

  test.each([
    { name: 'a missing tag', ref: () => `${env.registry.host}/fixture/single:no-such-tag-${run}`, platform: '', title: /Tag or repository not found/ },
    { name: 'a platform the tag lacks', ref: () => `${env.fixtures.multi.ref}`, platform: 'linux/s390x', title: /No image for this platform/ },
    { name: 'no network to the registry', ref: () => `127.0.0.1:1/nothing/here:1`, platform: '', title: /cannot reach 127\.0\.0\.1:1/ },
  ])('$name says what happened and what to do', async ({ ref, platform, title }) => {
    const page = await login('#/local/registries');
    await page.getByTestId('pull-ref').fill(ref());
    if (platform) await page.getByTestId('pull-platform').fill(platform);
    await page.getByTestId('pull-submit').click();
    const row = page.getByTestId('transfer').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    const error = row.getByTestId('transfer-error');
    expect(await error.locator('.state-title').textContent()).toMatch(title);
    expect(await error.locator('.state-hint').textContent()).not.toBe('');
  });

  test('the authenticated registry: a wrong password says why, the right one pulls', async () => {
    const priv = env.fixtures.privateImage;
    const ref = `${priv.registry}/${priv.repo}:${priv.tag}`;
    await removeImage(ref);
    pulled.add(ref);
    const page = await login('#/local/registries');
    const save = async (password: string) => {
      await page.getByTestId('registry-host').fill(env.authRegistry.host);
      await page.getByTestId('registry-username').fill(env.authRegistry.user);
      await page.getByTestId('registry-password').fill(password);
      await page.getByTestId('registry-insecure').check();
      await page.getByTestId('registry-add').click();
      await page.getByTestId('registry-saved').waitFor();
    };
    const pull = async () => {
      await page.getByTestId('pull-ref').fill(ref);
      await page.getByTestId('pull-submit').click();
    };
    await save('wrong-password');
    await pull();
    expect(await finished(page, ref)).toBe('failed');
    expect(await page.getByTestId('transfer').first().getByTestId('transfer-error').textContent()).toMatch(/refused the credentials.*Registries page/s);
    expect(await hasImage(ref)).toBe(false);

    await page.getByTestId('transfer-dismiss').first().click();
    await save(env.authRegistry.password);
    await pull();
    expect(await finished(page, ref)).toBe('done');
    expect(await hasImage(ref)).toBe(true);
  });
});

describe('tag and push', () => {
  test('from the image page: tag for the registry, push with progress, the registry has it', async () => {
    await proxy().request('PUT', `/api/registries/${env.registry.host}`, { body: { insecure: true } });
    const repo = `${env.registry.host}/porthole-push/app-${run}`;
    const page = await login(`#/local/images/${env.fixtures.plain.id}`);
    await page.getByTestId('image-tag-open').click();
    await page.getByTestId('image-tag-repo').fill(repo);
    await page.getByTestId('image-tag-tag').fill('v1');
    await page.getByTestId('image-tag-submit').click();
    await page.getByTestId('image-push-form').waitFor();
    expect(await hasImage(`${repo}:v1`)).toBe(true);
    pulled.add(`${repo}:v1`);
    await page.getByTestId('image-push-ref').selectOption(`${repo}:v1`);
    await page.getByTestId('image-push-submit').click();
    expect(await finished(page, `${repo}:v1`)).toBe('done');
    const row = await transfer(page, `${repo}:v1`);
    expect(await row.getByTestId('transfer-result').textContent()).toMatch(/v1: digest: sha256:/);
    const tags = await proxy().request('GET', `/api/relay?url=${encodeURIComponent(`${env.registry.url}/v2/porthole-push/app-${run}/tags/list`)}`);
    expect(tags.json<{ tags: string[] }>().tags).toEqual(['v1']);
  });
});

screenshots(reopenContext, async (dir, suffix) => {
  await proxy().request('PUT', `/api/registries/${env.registry.host}`, { body: { insecure: true } });
  const page = await login('#/local/registries?q=fixture');
  await page.getByTestId('search-hit').first().waitFor();
  await page.getByTestId('hub-search-error').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: `${dir}/registries-${suffix}.png`, fullPage: true });
  await page.goto(`${proxy().origin}/${repoHash(env.fixtures.multi.registry + '/' + env.fixtures.multi.repo)}`);
  await expect.poll(() => page.locator('[data-testid="tag-row"]').first().getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  await page.locator('[data-testid="tag-row"]').first().getByTestId('tag-pull').click();
  await finished(page, env.fixtures.multi.ref);
  pulled.add(env.fixtures.multi.ref);
  await page.getByTestId('transfer-dismiss').first().waitFor();
  await page.screenshot({ path: `${dir}/repository-${suffix}.png`, fullPage: false });
  await page.goto(`${proxy().origin}/#/local/images/${env.fixtures.plain.id}`);
  await page.getByTestId('image-push-open').click();
  await page.screenshot({ path: `${dir}/image-actions-${suffix}.png` });
});
