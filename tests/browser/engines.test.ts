// Several engines in the browser: a second private engine over TCP with TLS client certificates is listed
// with its health, switched to from the header, and its lists are its own.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { startTlsEngine, type TlsTestEngine } from '../harness/tlsEngine.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let tls: TlsTestEngine;

// Registered before the proxy's hooks: the proxy is started with this engine, and closed before it stops.
beforeAll(async () => {
  tls = await startTlsEngine();
  await engineJson(tls.engine.socketPath, 'POST', '/volumes/create', { Name: `remote-only-${run}` });
}, 120_000);
afterAll(async () => {
  await tls?.stop();
});
const { proxy, login } = useProxyAndContext({ engines: () => [`local=unix://${env.engineSocket}`, `remote=${tls.url}`] });

describe('several engines', () => {
  test('the Engines page lists both with health, version, API version and address', async () => {
    const page = await login('#/local/engines');
    const rows = page.getByTestId('engine-row');
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.getAttribute('data-ok')]))).toEqual([
      ['local', 'true'],
      ['remote', 'true'],
    ]);
    const remote = page.locator('[data-testid="engine-row"][data-name="remote"]');
    const version = await engineJson<{ Version: string; ApiVersion: string }>(tls.engine.socketPath, 'GET', '/version');
    expect(await remote.getByTestId('engine-version').textContent()).toBe(version.Version);
    expect(await remote.getByTestId('engine-api').textContent()).toBe('1.41');
    expect(await remote.getByTestId('engine-url').textContent()).toBe(`tcp+tls://127.0.0.1:${tls.port}`);
    // The switcher offers both, healthy.
    expect(await page.getByTestId('engine-switcher').locator('option').allTextContents()).toEqual(['local', 'remote']);
    await page.close();
  });

  test('switching to the TLS engine keeps the view and shows that engine’s own lists', async () => {
    const page = await login('#/local/volumes');
    await page.getByTestId('volume-list').waitFor();
    await page.getByTestId('engine-switcher').selectOption('remote');
    await page.waitForURL(/#\/remote\/volumes/);
    await expect.poll(() => page.getByTestId('volume-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual([`remote-only-${run}`]);
    expect(await page.getByTestId('engine-health').getAttribute('data-state')).toBe('ok');
    // Images: the fixtures live on the local engine only.
    await page.goto(`${proxy().origin}/#/remote/images`);
    await page.getByTestId('image-empty').waitFor();
    expect(await page.getByTestId('image-row').count()).toBe(0);
    // Back on local: its own images.
    await page.getByTestId('engine-switcher').selectOption('local');
    await page.waitForURL(/#\/local\/images/);
    await expect.poll(() => page.getByTestId('image-row').count()).toBeGreaterThan(0);
    // The engine page of the remote engine reads its own info.
    await page.goto(`${proxy().origin}/#/remote/system`);
    const info = await engineJson<{ Name: string }>(tls.engine.socketPath, 'GET', '/info');
    await expect.poll(() => page.getByTestId('info-field-name').textContent()).toBe(info.Name);
    await page.close();
  });
});
