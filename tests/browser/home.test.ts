// An engine's home in Chromium: the counts equal the engine's own after containers are made, started and
// stopped from outside (live, no reload), the host-access count leads to its list, and events show.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const sock = janitor.socket;
const { login } = useProxyAndContext({ cleanup: () => janitor.cleanup() });

interface Summary {
  State: string;
  Status: string;
}

async function engineCounts(): Promise<{ running: number; stopped: number; restarting: number; unhealthy: number }> {
  const list = await engineJson<Summary[]>(sock, 'GET', '/containers/json?all=1');
  return {
    running: list.filter((c) => c.State === 'running').length,
    stopped: list.filter((c) => ['exited', 'created', 'dead'].includes(c.State)).length,
    restarting: list.filter((c) => c.State === 'restarting').length,
    unhealthy: list.filter((c) => c.Status.includes('(unhealthy)')).length,
  };
}

async function pageCounts(page: Page) {
  const read = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-count'));
  return {
    running: await read('home-count-running'),
    stopped: await read('home-count-stopped'),
    restarting: await read('home-count-restarting'),
    unhealthy: await read('home-count-unhealthy'),
  };
}

describe('engine home', () => {
  test('a bookmark of #/ENGINE opens it; counts follow the engine live; each leads to its list', async () => {
    const page = await login('#/local');
    await page.getByTestId('home-count-running').waitFor();
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
    expect(await pageCounts(page)).toEqual(await engineCounts());

    const a = uniqueName('home-a');
    const b = uniqueName('home-b');
    await janitor.create(a, { Cmd: ['sleep', '3600'] }, true);
    await janitor.create(b, { Cmd: ['sleep', '3600'] }, true);
    await expect.poll(async () => JSON.stringify(await pageCounts(page)), { timeout: 20_000 }).toBe(JSON.stringify(await engineCounts()));
    await engineJson(sock, 'POST', `/containers/${a}/stop?t=0`);
    await expect.poll(async () => JSON.stringify(await pageCounts(page)), { timeout: 20_000 }).toBe(JSON.stringify(await engineCounts()));
    // Recent events name what just happened, and lead to it.
    const event = page.locator(`[data-testid="home-event"][data-type="container"][data-actor="${a}"][data-action="die"]`);
    await event.first().waitFor({ timeout: 20_000 });
    // An unhealthy one: its check fails at once.
    const sick = uniqueName('home-sick');
    await janitor.create(sick, { Cmd: ['sleep', '3600'], Healthcheck: { Test: ['CMD', 'false'], Interval: 500_000_000, Retries: 1, StartPeriod: 0 } }, true);
    await expect.poll(async () => (await engineCounts()).unhealthy, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => JSON.stringify(await pageCounts(page)), { timeout: 20_000 }).toBe(JSON.stringify(await engineCounts()));

    // Disk use and the host-access count are there.
    await page.getByTestId('home-disk-size').waitFor();
    await page.getByTestId('home-risk-count').waitFor();

    // Each count leads to its list.
    await page.getByTestId('home-count-stopped').click();
    await page.waitForURL(/#\/local\/containers\?state=exited$/);
    await expect.poll(() => page.locator(`[data-testid="container-row"][data-name="${a}"]`).count()).toBe(1);
    await page.goBack();
    await page.getByTestId('home-risk-count').click();
    await page.waitForURL(/#\/local\/risks$/);
    await page.getByTestId('host-risks').waitFor();
    await page.close();
  });

  test('the host-access count follows a container with host access made and removed on the engine, without a reload', async () => {
    const page = await login('#/local');
    const count = page.getByTestId('home-risk-count');
    await count.waitFor();
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');
    const before = Number(await count.getAttribute('data-count'));
    const risky = uniqueName('home-risky');
    await janitor.create(risky, { Cmd: ['sleep', '3600'], HostConfig: { PidMode: 'host' } }, true);
    await expect.poll(async () => Number(await count.getAttribute('data-count')), { timeout: 20_000 }).toBe(before + 1);
    await engineRequest(sock, 'DELETE', `/containers/${risky}?force=1`);
    await expect.poll(async () => Number(await count.getAttribute('data-count')), { timeout: 20_000 }).toBe(before);
    await page.close();
  });

  test('#/ opens the first engine home', async () => {
    const page = await login('#/');
    await page.getByTestId('engine-home').waitFor();
    expect(new URL(page.url()).hash).toBe('#/local');
    await page.close();
  });
});
