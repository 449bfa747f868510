// Issue #4 in Chromium against the real engine: containers, networks and volumes as the engine holds
// them, kept live by the events stream (changes made on the engine socket, as the CLI would), pages,
// filters, shortcuts, phone width, and the last inventory offline.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import {
  cleanupInventory,
  createContainer,
  removeContainer,
  startContainer,
  stopContainer,
  storedInventoryHolds,
  uniqueName,
} from '../support/inventory.ts';
import { loginPage } from '../support/page.ts';
import { startProxy, type TestProxy } from '../support/proxy.ts';
import { useProxyAndContext } from '../support/session.ts';

interface Summary {
  Id: string;
  Names: string[];
  State: string;
}

const env = inject('testEnv');
const socket = env.engineSocket;

const web = uniqueName('inv-web');
const job = uniqueName('inv-job');
const volume = uniqueName('inv-vol');
const network = uniqueName('inv-net');
let webId = '';
let jobId = '';
const { context, login, reopenContext } = useProxyAndContext({ cleanup: () => cleanupInventory(socket, [volume], [network]) });

beforeAll(async () => {
  await engineJson(socket, 'POST', '/volumes/create', { Name: volume, Labels: { 'porthole.test': 'inventory' } });
  await engineJson(socket, 'POST', '/networks/create', { Name: network, Driver: 'bridge', IPAM: { Config: [{ Subnet: '10.77.0.0/24' }] } });
  webId = await createContainer(socket, {
    name: web,
    image: env.fixtures.plain.ref,
    labels: { team: 'web' },
    env: ['GREETING=hello'],
    volume,
    network,
  });
  await startContainer(socket, webId);
  jobId = await createContainer(socket, { name: job, image: env.fixtures.history.ref, cmd: ['true'] });
});

const attr = (page: Page, testid: string, name: string): Promise<string[]> =>
  page.getByTestId(testid).evaluateAll((rows, a) => rows.map((r) => r.getAttribute(a) ?? ''), name);

const rowOf = (page: Page, name: string) => page.locator(`[data-testid="container-row"][data-name="${name}"]`);

describe('containers', () => {
  test('the list shows every container the engine holds, running and stopped', async () => {
    const page = await login('#/local/containers');
    await rowOf(page, web).waitFor();
    const engine = await engineJson<Summary[]>(socket, 'GET', '/containers/json?all=1');
    const expected = engine.map((c) => c.Names[0]!.replace(/^\//, '')).sort();
    expect((await attr(page, 'container-row', 'data-name')).sort()).toEqual(expected);
    expect(await page.getByTestId('container-count').getAttribute('data-total')).toBe(String(engine.length));
    expect(await rowOf(page, web).getAttribute('data-state')).toBe('running');
    expect(await rowOf(page, job).getAttribute('data-state')).toBe('created');

    // Running only, like `docker ps`.
    await page.getByTestId('container-state').selectOption('running');
    const running = engine.filter((c) => c.State === 'running').map((c) => c.Names[0]!.slice(1)).sort();
    await expect.poll(async () => (await attr(page, 'container-row', 'data-name')).sort()).toEqual(running);
    expect(new URL(page.url()).hash).toContain('state=running');
    await page.close();
  });

  test('filters by text, image and label', async () => {
    const page = await login('#/local/containers');
    await rowOf(page, web).waitFor();
    const names = () => attr(page, 'container-row', 'data-name');
    await page.getByTestId('container-filter').fill(web);
    await expect.poll(names).toEqual([web]);
    await page.getByTestId('container-filter').fill(`image:${env.fixtures.history.ref}`);
    await expect.poll(async () => (await names()).includes(job) && !(await names()).includes(web)).toBe(true);
    await page.getByTestId('container-filter').fill('label:team=web');
    await expect.poll(names).toEqual([web]);
    await page.close();
  });

  test('sizes on request (size=1)', async () => {
    const page = await login('#/local/containers');
    await rowOf(page, web).waitFor();
    expect(await rowOf(page, web).getByTestId('container-size').textContent()).toBe('');
    await page.getByTestId('container-sizes').click();
    await expect.poll(() => rowOf(page, web).getByTestId('container-size').textContent()).toMatch(/B/);
    await page.close();
  });

  test('created, started, stopped and removed on the engine: the list follows without reload', async () => {
    const page = await login('#/local/containers');
    await rowOf(page, web).waitFor();
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
    const name = uniqueName('inv-live');
    // Each change shows without a reload (how fast is the benchmarks' business, not a test's).
    const follows = (check: () => Promise<boolean>) => expect.poll(check, { timeout: 5_000, interval: 25 }).toBe(true);
    const id = await createContainer(socket, { name, image: env.fixtures.plain.ref });
    await follows(async () => (await rowOf(page, name).count()) === 1);
    await startContainer(socket, id);
    await follows(async () => (await rowOf(page, name).getAttribute('data-state')) === 'running');
    await stopContainer(socket, id);
    await follows(async () => (await rowOf(page, name).getAttribute('data-state')) === 'exited');
    await removeContainer(socket, id);
    await follows(async () => (await rowOf(page, name).count()) === 0);
    await page.close();
  });

  test('running times move on while the list is open, as docker ps run again would say', async () => {
    // A fake clock that runs on by itself, so an hour can pass at once.
    await context().clock.install();
    const page = await login('#/local/containers');
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
    const status = rowOf(page, web).getByTestId('container-status');
    await expect.poll(() => status.textContent()).toMatch(/^Up (Less than a second|\d+ seconds?|About a minute|\d+ minutes)$/);
    await page.clock.fastForward('01:00:00');
    await expect.poll(() => status.textContent()).toBe('Up About an hour');
    await page.close();
  });

  test('a container page shows its inspect data for people, live, and the raw JSON', async () => {
    const page = await login('#/local/containers');
    await rowOf(page, web).locator('a').click();
    await page.getByTestId('container-page').waitFor();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/local/containers/${webId}`);
    const inspect = await engineJson<{
      State: { Pid: number; Status: string };
      RestartCount: number;
      GraphDriver?: { Name: string };
      NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
    }>(socket, 'GET', `/containers/${webId}/json`);
    await expect.poll(() => page.getByTestId('container-field-pid').textContent()).toBe(String(inspect.State.Pid));
    expect(await page.getByTestId('container-field-status').textContent()).toContain('running');
    expect(await page.getByTestId('container-field-restart-count').textContent()).toContain(String(inspect.RestartCount));
    expect(await page.getByTestId('container-field-env').textContent()).toContain('GREETING');
    expect(await page.getByTestId('container-field-mounts').textContent()).toContain(volume);
    expect(await page.getByTestId('container-field-networks').textContent()).toContain(inspect.NetworkSettings.Networks[network]!.IPAddress);
    expect(await page.getByTestId('container-field-memory').textContent()).toContain('67.1MB');
    expect(await page.getByTestId('container-field-storage').getAttribute('data-driver')).toBe(inspect.GraphDriver?.Name ?? '');
    await page.getByTestId('raw-json-toggle').click();
    expect(await page.getByTestId('raw-json').textContent()).toContain(webId);

    // Stopped from outside: the page follows, with the exit code.
    await stopContainer(socket, webId);
    await expect.poll(() => page.getByTestId('container-field-status').textContent(), { timeout: 5_000 }).toContain('exited');
    const stopped = await engineJson<{ State: { ExitCode: number } }>(socket, 'GET', `/containers/${webId}/json`);
    expect(await page.getByTestId('container-field-exit-code').textContent()).toBe(String(stopped.State.ExitCode));
    expect(await page.getByTestId('container-field-pid').textContent()).toContain('not running');
    await startContainer(socket, webId);
    await page.close();
  });
});

describe('networks and volumes', () => {
  test('the network list matches the engine, and a network page lists its containers', async () => {
    const page = await login('#/local/networks');
    await page.locator(`[data-testid="network-row"][data-name="${network}"]`).waitFor();
    const engine = await engineJson<{ Name: string }[]>(socket, 'GET', '/networks');
    expect((await attr(page, 'network-row', 'data-name')).sort()).toEqual(engine.map((n) => n.Name).sort());
    await page.locator(`[data-testid="network-row"][data-name="${network}"] a`).click();
    await page.getByTestId('network-page').waitFor();
    expect(await page.getByTestId('network-field-subnet').textContent()).toContain('10.77.0.0/24');
    await expect.poll(() => attr(page, 'network-container', 'data-name')).toEqual([web]);
    await page.close();
  });

  test('the volume list matches the engine, with who uses each; a volume page', async () => {
    const page = await login('#/local/volumes');
    const row = page.locator(`[data-testid="volume-row"][data-name="${volume}"]`);
    await row.waitFor();
    const engine = await engineJson<{ Volumes: { Name: string }[] | null }>(socket, 'GET', '/volumes');
    expect((await attr(page, 'volume-row', 'data-name')).sort()).toEqual((engine.Volumes ?? []).map((v) => v.Name).sort());
    await expect.poll(() => row.getAttribute('data-users')).toBe('1');
    // /system/df reports sizes on this engine.
    await expect.poll(() => row.getByTestId('volume-size').textContent()).toMatch(/B$/);
    await row.locator('a').click();
    await page.getByTestId('volume-page').waitFor();
    await expect.poll(() => attr(page, 'volume-user', 'data-name')).toEqual([web]);
    expect(await page.getByTestId('volume-field-mountpoint').textContent()).toContain(volume);
    await page.close();
  });

  test('a volume made on the engine appears, and goes, without reload', async () => {
    const page = await login('#/local/volumes');
    await page.getByTestId('volume-row').first().waitFor();
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
    const name = uniqueName('inv-vol-live');
    await engineJson(socket, 'POST', '/volumes/create', { Name: name });
    const row = page.locator(`[data-testid="volume-row"][data-name="${name}"]`);
    await expect.poll(() => row.count(), { timeout: 3_000 }).toBe(1);
    await engineJson(socket, 'DELETE', `/volumes/${name}`);
    await expect.poll(() => row.count(), { timeout: 3_000 }).toBe(0);
    await page.close();
  });
});

describe('keyboard and phone', () => {
  test('shortcuts: g c, g n, g v, g i, / and ?', async () => {
    const page = await login('#/local/images');
    await page.getByTestId('image-row').first().waitFor();
    const go = async (key: string, testid: string): Promise<void> => {
      await page.keyboard.press('g');
      await page.keyboard.press(key);
      await page.getByTestId(testid).waitFor();
    };
    await go('c', 'container-list');
    await rowOf(page, web).waitFor();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('container-filter');
    // Typing in the filter is no shortcut: "g" then "c" filter, and stay.
    await page.keyboard.type('gc');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/local/containers?q=gc');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    await go('n', 'network-list');
    await go('v', 'volume-list');
    await go('i', 'image-filter');
    await page.keyboard.press('?');
    await expect.poll(() => page.getByTestId('shortcuts').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shortcuts').isVisible()).toBe(false);
    await page.close();
  });

  test('at 390 px nothing is cut off, on every list and page', async () => {
    await reopenContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await login('#/local/containers');
    const widths: Record<string, number> = {};
    for (const [hash, testid] of [
      ['#/local/containers', 'container-row'],
      [`#/local/containers/${webId}`, 'container-field-status'],
      ['#/local/networks', 'network-row'],
      [`#/local/networks/${network}`, 'network-field-subnet'],
      ['#/local/volumes', 'volume-row'],
      [`#/local/volumes/${volume}`, 'volume-field-mountpoint'],
      ['#/local/images', 'image-row'],
    ] as const) {
      await page.evaluate((h) => (window.location.hash = h), hash);
      await page.getByTestId(testid).first().waitFor();
      widths[hash] = await page.evaluate(() => document.documentElement.scrollWidth);
    }
    for (const [hash, width] of Object.entries(widths)) expect(width, hash).toBeLessThanOrEqual(390);
  });
});

describe('reconnect', () => {
  test('the stream comes back by itself after the network goes away, and shows what changed meanwhile', async () => {
    const page = await login('#/local/containers');
    await rowOf(page, web).waitFor();
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
    await context().setOffline(true);
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('offline');
    expect(await page.getByTestId('offline-banner').textContent()).toContain('as of');
    // Changed while the page could not hear it.
    const name = uniqueName('inv-missed');
    const id = await createContainer(socket, { name, image: env.fixtures.plain.ref });
    await startContainer(socket, id);
    // "Not shown" means something only once the page has tried to hear the engine again after the change and
    // could not: its next events request fails (offline), and the row is still not there.
    const failed = await page.waitForEvent('requestfailed', { predicate: (r) => new URL(r.url()).pathname.endsWith('/events'), timeout: 30_000 });
    expect(failed.failure()?.errorText).toMatch(/INTERNET_DISCONNECTED/);
    expect(await page.getByTestId('live-status').getAttribute('data-state')).toBe('offline');
    expect(await rowOf(page, name).count()).toBe(0);
    await context().setOffline(false);
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
    await expect.poll(() => rowOf(page, name).getAttribute('data-state'), { timeout: 5_000 }).toBe('running');
    expect(await page.getByTestId('offline-banner').count()).toBe(0);
    // And it is live again.
    await removeContainer(socket, id);
    await expect.poll(() => rowOf(page, name).count(), { timeout: 3_000 }).toBe(0);
    await page.close();
  });
});

describe('offline', () => {
  /**
   * The app installed (its service worker in control) on a proxy of its own, which the test may stop without
   * ending the other tests' one, showing the container list, and that list persisted.
   */
  async function installedWithList(): Promise<{ own: TestProxy; page: Page }> {
    const own = await startProxy();
    const page = await loginPage(context(), own, '#/local/containers');
    await rowOf(page, web).waitFor();
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => r.active?.state)), { timeout: 45_000 }).toEqual(['activated']); // registered after the first screen: slow on a busy machine
    await page.reload();
    await rowOf(page, web).waitFor();
    await storedInventoryHolds(page, web);
    return { own, page };
  }

  test('with the proxy stopped, a reload of the installed app shows the last inventory and its age', async () => {
    const { own, page } = await installedWithList();
    const shown = (await attr(page, 'container-row', 'data-name')).sort();
    await own.close();

    await page.reload();
    await page.getByTestId('offline-banner').waitFor({ timeout: 15_000 });
    expect((await attr(page, 'container-row', 'data-name')).sort()).toEqual(shown);
    expect(await page.getByTestId('offline-banner').textContent()).toMatch(/Offline — as of \d\d:\d\d, less than a minute ago/);
    expect(await page.getByTestId('live-status').getAttribute('data-state')).toBe('offline');
    expect(await page.getByTestId('login-token').count()).toBe(0);
    await page.close();
  });

  test('logging out forgets the stored inventory: offline, the app then shows no list and no session', async () => {
    const { own, page } = await installedWithList();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-token').waitFor();
    // At once, no throttle: close the proxy right away, as a person leaving a shared device would.
    await own.close();
    await page.reload();
    // No session and no inventory kept: the app says the proxy is unreachable and shows nothing of the engine.
    const panel = page.getByTestId('error-panel');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.textContent()).toMatch(/Cannot reach the Porthole proxy/);
    expect(await page.getByTestId('container-row').count()).toBe(0);
    expect(await page.getByTestId('offline-banner').count()).toBe(0);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(web);
    await page.close();
  });
});
