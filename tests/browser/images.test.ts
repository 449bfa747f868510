// The first slice in Chromium: log in, see the engine's images, open one, install the PWA.
import { describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { useProxyAndContext } from '../support/session.ts';

interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
}

const env = inject('testEnv');
const { proxy, context, login } = useProxyAndContext();

describe('login', () => {
  test('a wrong token shows the proxy reason and no data', async () => {
    const page = await context().newPage();
    await page.goto(`${proxy().origin}/#/local/images`);
    await page.getByTestId('login-token').fill('wrong-token-123456');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/not valid/);
    expect(await page.getByTestId('image-row').count()).toBe(0);
    await page.close();
  });
});

describe('images', () => {
  test('the list shows one row per tag of every image the engine holds', async () => {
    const page = await login('#/local/images');
    const images = await engineJson<ImageSummary[]>(env.engineSocket, 'GET', '/images/json');
    const tags = images.flatMap((i) => i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').sort();
    await page.getByTestId('image-row').first().waitFor();
    const shown = (await page.getByTestId('image-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-repo-tag') ?? ''))).filter((t) => !t.startsWith('<none>')).sort();
    expect(shown).toEqual(tags);
    expect(shown).toContain(env.fixtures.history.ref);
    await page.close();
  });

  test('the filter narrows the list', async () => {
    const page = await login('#/local/images');
    await page.getByTestId('image-row').first().waitFor();
    await page.getByTestId('image-filter').fill('share-');
    await expect.poll(async () => (await page.getByTestId('image-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-repo-tag')))).sort()).toEqual([
      env.fixtures.shareA.ref,
      env.fixtures.shareB.ref,
    ]);
    // The URL takes the filter once typing pauses: a reload (or a visit to an image and back) keeps it.
    await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toBe('#/local/images?q=share-');
    await page.reload();
    await page.getByTestId('image-row').first().waitFor();
    expect(await page.getByTestId('image-filter').inputValue()).toBe('share-');
    expect(await page.getByTestId('image-row').count()).toBe(2);
    await page.close();
  });

  test('an image page shows its config for people and the raw JSON', async () => {
    const page = await login(`#/local/images/${env.fixtures.history.id}`);
    await page.getByTestId('image-page').waitFor();
    const inspect = await engineJson<{ Config: { Cmd: string[] }; RootFS: { Layers: string[] }; Architecture: string; Os: string }>(
      env.engineSocket, 'GET', `/images/${env.fixtures.history.id}/json`);
    await expect.poll(() => page.getByTestId('image-field-layers').getAttribute('data-count')).toBe(String(inspect.RootFS.Layers.length));
    expect(await page.getByTestId('image-field-architecture').textContent()).toContain(inspect.Architecture);
    expect(await page.getByTestId('image-field-os').textContent()).toContain(inspect.Os);
    for (const part of inspect.Config.Cmd) expect(await page.getByTestId('image-field-cmd').textContent()).toContain(part);
    await page.getByTestId('raw-json-toggle').click();
    expect(await page.getByTestId('raw-json').textContent()).toContain(env.fixtures.history.id);
    await page.close();
  });

  test('clicking a row opens the image page at a bookmarkable URL', async () => {
    const page = await login('#/local/images');
    const row = page.locator(`[data-testid="image-row"][data-repo-tag="${env.fixtures.plain.ref}"]`);
    await row.locator('a').first().click();
    await page.getByTestId('image-page').waitFor();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/local/images/${env.fixtures.plain.id}`);
    await page.close();
  });
});

describe('PWA', () => {
  test('the app is installable: manifest, icons and an active service worker', async () => {
    const page = await login('#/local/images');
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(manifestHref).toBeTruthy();
    const manifest = await page.evaluate(async (href) => (await fetch(href!)).json() as Promise<{ name: string; display: string; icons: { sizes: string }[] }>, manifestHref);
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    const workerState = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => r.active?.state ?? 'none'));
    // The worker registers once the first screen has settled, then installs the whole app: slow on a busy machine.
    await expect.poll(workerState, { timeout: 45_000 }).toEqual(['activated']);
    expect(await page.evaluate(() => isSecureContext)).toBe(true);
    await page.close();
  });
});
