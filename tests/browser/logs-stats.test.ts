// Logs and live stats in Chromium against the real engine: stdout and stderr shown apart and followed,
// search highlights, and CPU moves while a container burns it.
import { describe, expect, test } from 'vitest';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const { login } = useProxyAndContext({ cleanup: () => janitor.cleanup() });

describe('logs', () => {
  test('stdout and stderr are told apart and new lines follow', async () => {
    const id = await janitor.create(uniqueName('logs'), {
      Cmd: ['sh', '-c', 'i=0; while :; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); sleep 0.2; done'],
    });
    const page = await login(`#/local/containers/${id}/logs`);
    const out = page.locator('[data-testid="logs-line"][data-stream="stdout"]');
    const err = page.locator('[data-testid="logs-line"][data-stream="stderr"]');
    await expect.poll(() => out.count(), { timeout: 15_000 }).toBeGreaterThan(2);
    await expect.poll(() => err.count()).toBeGreaterThan(2);
    expect(await out.first().textContent()).toMatch(/out \d+/);
    expect(await err.first().textContent()).toMatch(/err \d+/);
    // Following: the count keeps growing without a reload.
    const before = Number(await page.getByTestId('logs-count').getAttribute('data-count'));
    await expect.poll(async () => Number(await page.getByTestId('logs-count').getAttribute('data-count')), { timeout: 10_000 }).toBeGreaterThan(before + 4);
    // Only stderr, then search with highlight.
    await page.getByTestId('logs-streams').selectOption('stderr');
    await expect.poll(() => out.count()).toBe(0);
    await page.getByTestId('logs-search').fill('err 1');
    await expect.poll(() => page.locator('[data-testid="logs-line"] mark').count()).toBeGreaterThan(0);
  });

  test('a flood of lines stays capped and the page keeps answering', async () => {
    const id = await janitor.create(uniqueName('logs-flood'), { Cmd: ['sh', '-c', 'i=0; while :; do echo "flood line $i"; i=$((i+1)); done'] });
    const page = await login(`#/local/containers/${id}/logs`);
    const count = page.getByTestId('logs-count');
    await expect.poll(async () => Number(await count.getAttribute('data-count')), { timeout: 30_000 }).toBe(50_000);
    // While lines keep coming, a round trip into the page stays short and only a window of lines is in the DOM.
    const started = Date.now();
    await page.evaluate(() => document.title);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await page.getByTestId('logs-line').count()).toBeLessThan(400);
  });
});

describe('stats', () => {
  test('CPU moves while a container burns it', async () => {
    const id = await janitor.create(uniqueName('stats'), { Cmd: ['sh', '-c', 'while :; do :; done'] });
    const page = await login(`#/local/containers/${id}`);
    const stats = page.getByTestId('container-stats');
    await expect.poll(async () => Number(await stats.getAttribute('data-samples')), { timeout: 20_000 }).toBeGreaterThan(2);
    await expect.poll(async () => Number(await stats.getAttribute('data-cpu')), { timeout: 15_000 }).toBeGreaterThan(20);
    expect(await page.getByTestId('stats-memory').textContent()).toMatch(/of/);
    // The processes table lists the loop.
    await expect.poll(() => page.getByTestId('top-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('container-top').textContent()).toContain('while');
  });

  test('running rows in the list get a live sparkline', async () => {
    const name = uniqueName('spark');
    await janitor.create(name, { Cmd: ['sh', '-c', 'while :; do :; done'] });
    const page = await login(`#/local/containers?q=${name}`);
    const spark = page.locator(`[data-testid="container-row"][data-name="${name}"] [data-testid="row-spark"]`);
    await expect.poll(() => spark.getAttribute('data-live'), { timeout: 15_000 }).toBe('yes');
    await expect.poll(async () => ((await spark.locator('path.line').getAttribute('d')) ?? '').length, { timeout: 15_000 }).toBeGreaterThan(0);
  });
});
