// Stats and processes in Chromium against the real engine: the container page's charts (axes, hover
// read-out, memory scaled to the limit or to its own range, never the host's memory), values against the
// engine's own stats, the docker-stats table of all running containers sorted by CPU and memory, and the
// processes with %CPU and %MEM refreshing by themselves.
import { describe, expect, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const { login, reopenContext } = useProxyAndContext({ cleanup: () => janitor.cleanup() });

interface EngineStats {
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
  pids_stats: { current?: number };
}

async function engineStats(id: string): Promise<{ mem: number; pids: number; limit: number }> {
  const s = await engineJson<EngineStats>(janitor.socket, 'GET', `/containers/${id}/stats?stream=false&one-shot=true`);
  const usage = s.memory_stats.usage ?? 0;
  const cache = s.memory_stats.stats?.['inactive_file'] ?? s.memory_stats.stats?.['total_inactive_file'] ?? 0;
  return { mem: usage - (cache < usage ? cache : 0), pids: s.pids_stats.current ?? 0, limit: s.memory_stats.limit ?? 0 };
}

const MiB = 1024 * 1024;

describe('stats', () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    test(`the container page: charts with axes and a read-out, memory of its limit, values as the engine's (${viewport.width} px)`, async () => {
      await reopenContext({ viewport });
      const limited = await janitor.create(uniqueName('stats-limit'), { Cmd: ['sh', '-c', 'sleep 1000 & sleep 1000 & while :; do sleep 1; done'], HostConfig: { Memory: 64 * MiB } });
      const page = await login(`#/local/containers/${limited}`);
      const stats = page.getByTestId('container-stats');
      await expect.poll(async () => Number(await stats.getAttribute('data-samples')), { timeout: 20_000 }).toBeGreaterThan(2);
      expect(await stats.getAttribute('data-mem-limited')).toBe('true');
      expect(Number(await stats.getAttribute('data-mem-max'))).toBe(64 * MiB);
      expect(await page.getByTestId('stats-memory').textContent()).toMatch(/^[\d.]+(B|KiB|MiB) of 64MiB \(\d+\.\d\d%\)$/);
      // PIDs as the engine counts them (sh, two sleeps, the loop's sleep).
      const engine = await engineStats(limited);
      await expect.poll(async () => Number(await stats.getAttribute('data-pids')), { timeout: 10_000 }).toBe(engine.pids);
      // Memory as the engine reports it, within what a second's drift allows.
      const shown = Number(await stats.getAttribute('data-mem'));
      expect(Math.abs(shown - engine.mem)).toBeLessThan(Math.max(1 * MiB, engine.mem * 0.25));
      // The axes carry units; hovering reads out a sample.
      const chart = page.getByTestId('chart-memory');
      expect(await chart.locator('.st-y span').first().textContent()).toBe('64MiB');
      await page.getByTestId('chart-cpu').locator('.st-plot').hover({ position: { x: 10, y: 20 } });
      expect(await page.getByTestId('chart-cpu-readout').getAttribute('data-hover')).toBe('true');
      expect(await page.getByTestId('chart-cpu-readout').textContent()).toMatch(/CPU [\d.]+%/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.close();
    });
  }

  test('without a limit the memory chart has its own range, not the host’s memory', async () => {
    const free = await janitor.create(uniqueName('stats-nolimit'), { Cmd: ['sh', '-c', 'while :; do sleep 1; done'] });
    const page = await login(`#/local/containers/${free}`);
    const stats = page.getByTestId('container-stats');
    await expect.poll(async () => Number(await stats.getAttribute('data-samples')), { timeout: 20_000 }).toBeGreaterThan(1);
    expect(await stats.getAttribute('data-mem-limited')).toBe('false');
    const host = (await engineStats(free)).limit;
    const max = Number(await stats.getAttribute('data-mem-max'));
    expect(max).toBeLessThan(host / 4);
    expect(max).toBeGreaterThanOrEqual(Number(await stats.getAttribute('data-mem')));
    expect(await page.getByTestId('stats-memory').textContent()).toMatch(/of no limit$/);
    await page.close();
  });

  test('the live table of all running containers: engine values, sorted by CPU and by memory', async () => {
    const burner = await janitor.create(uniqueName('stats-burn'), { Cmd: ['sh', '-c', 'while :; do :; done'] });
    const idle = await janitor.create(uniqueName('stats-idle'), { Cmd: ['sh', '-c', 'sleep 1000 & sleep 1000 & sleep 1000 & while :; do sleep 1; done'] });
    const page = await login('#/local/containers');
    await page.getByTestId('container-stats-link').click();
    const row = (id: string) => page.locator(`[data-testid="stats-row"][data-id="${id}"]`);
    await row(burner).waitFor({ timeout: 20_000 });
    await row(idle).waitFor();
    // CPU needs two reads; then the burner leads the default order (CPU, largest first).
    await expect.poll(async () => (await page.getByTestId('stats-row').first().getAttribute('data-id')), { timeout: 20_000 }).toBe(burner);
    expect(await row(burner).locator('td').nth(1).textContent()).toMatch(/^\d+\.\d\d%$/);
    await expect.poll(async () => Number(await row(idle).getAttribute('data-pids')), { timeout: 10_000 }).toBe((await engineStats(idle)).pids);
    expect(await row(idle).locator('td').nth(2).textContent()).toMatch(/^[\d.]+(B|KiB|MiB) \/ [\d.]+(MiB|GiB)/);
    // By memory: the page's order is the order of the values it shows.
    await page.getByTestId('stats-sort-mem').click();
    await expect
      .poll(async () => {
        const mems = await page.getByTestId('stats-row').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-mem'))));
        return mems.every((m, i) => i === 0 || mems[i - 1]! >= m);
      })
      .toBe(true);
    // A container that stops leaves the table (the list follows the engine's events).
    await engineJson(janitor.socket, 'POST', `/containers/${idle}/stop?t=0`);
    await expect.poll(() => row(idle).count(), { timeout: 15_000 }).toBe(0);
    await page.close();
  });
});

describe('processes', () => {
  test('%CPU and %MEM columns, refreshing by themselves while shown', async () => {
    const id = await janitor.create(uniqueName('top'), { Cmd: ['sh', '-c', 'while :; do :; done'] });
    const page = await login(`#/local/containers/${id}`);
    const top = page.getByTestId('container-top');
    await top.waitFor({ timeout: 20_000 });
    const titles = await top.locator('th').allTextContents();
    expect(titles).toEqual(expect.arrayContaining(['%CPU', '%MEM']));
    const cpuColumn = titles.indexOf('%CPU');
    await expect.poll(async () => Number(await page.getByTestId('top-row').first().locator('td').nth(cpuColumn).textContent()), { timeout: 15_000 }).toBeGreaterThan(0);
    const first = await top.getAttribute('data-updated');
    await expect.poll(() => top.getAttribute('data-updated'), { timeout: 15_000 }).not.toBe(first);
    await page.close();
  });
});
