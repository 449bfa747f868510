// The lifecycle in Chromium against the real engine: stop, start, pause, commit, remove (with its
// anonymous volumes) and bulk stop do what they say, after saying what will be lost.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { engineRequest } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { VIEWER_TOKEN } from '../support/proxy.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const images: string[] = [];
const { proxy, login, reopenContext } = useProxyAndContext({
  cleanup: async () => {
    await janitor.cleanup();
    for (const image of images) await engineRequest(janitor.socket, 'DELETE', `/images/${image}?force=1`).catch(() => undefined);
  },
});

async function status(page: Page): Promise<string> {
  const line = page.getByTestId('action-status');
  await expect.poll(async () => (await line.count()) > 0 && (await line.getAttribute('data-kind')) !== 'busy', { timeout: 30_000 }).toBe(true);
  return (await line.textContent()) ?? '';
}

describe('lifecycle', () => {
  test('stop asks first, then stops; start and pause do what they say', async () => {
    const name = uniqueName('life');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'] });
    const page = await login(`#/local/containers/${id}`);
    await page.getByTestId('action-stop').click();
    await expect.poll(() => page.getByTestId('confirm-lost').textContent()).toContain('SIGTERM');
    await page.getByTestId('action-timeout').fill('1');
    await page.getByTestId('confirm-yes').click();
    expect(await status(page)).toContain('stopped');
    expect((await janitor.inspect(id))?.State.Running).toBe(false);

    await page.getByTestId('action-start').click();
    expect(await status(page)).toContain('started');
    expect((await janitor.inspect(id))?.State.Running).toBe(true);

    await page.getByTestId('action-pause').waitFor();
    await page.getByTestId('action-pause').click();
    expect(await status(page)).toContain('paused');
    expect((await janitor.inspect(id))?.State.Paused).toBe(true);
    await page.getByTestId('action-unpause').click();
    await expect.poll(async () => (await janitor.inspect(id))?.State.Paused).toBe(false);
  });

  test('commit makes an image of the container', async () => {
    const name = uniqueName('life-commit');
    const id = await janitor.create(name, { Cmd: ['sh', '-c', 'echo committed > /marker; sleep 600'] });
    const repo = uniqueName('porthole-commit');
    images.push(`${repo}:v1`);
    const page = await login(`#/local/containers/${id}`);
    await page.getByTestId('action-commit').click();
    await page.getByTestId('commit-repo').fill(repo);
    await page.getByTestId('commit-tag').fill('v1');
    await page.getByTestId('commit-comment').fill('from the browser test');
    await page.getByTestId('commit-submit').click();
    expect(await status(page)).toContain(`Committed ${name} as ${repo}:v1`);
    const res = await engineRequest(janitor.socket, 'GET', `/images/${repo}:v1/json`);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body.toString()) as { Comment: string }).Comment).toBe('from the browser test');
  });

  test('remove says what is lost and takes the anonymous volumes when asked', async () => {
    const name = uniqueName('life-rm');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'], Volumes: { '/anon': {} } });
    const volume = (await janitor.inspect(id))?.Mounts.find((m) => m.Destination === '/anon')?.Name ?? '';
    expect(volume).toMatch(/^[a-f0-9]{64}$/);
    const page = await login(`#/local/containers/${id}`);
    await page.getByTestId('action-remove').click();
    await page.getByTestId('action-remove-volumes').check();
    const lost = page.getByTestId('confirm-lost');
    await expect.poll(() => lost.textContent()).toContain('running');
    await expect.poll(() => lost.textContent()).toContain('1 anonymous volume and the data in them');
    await expect.poll(() => lost.textContent()).toMatch(/writable layer/);
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('container-list').waitFor({ timeout: 30_000 });
    expect(await janitor.inspect(id)).toBeNull();
    expect((await engineRequest(janitor.socket, 'GET', `/volumes/${volume}`)).status).toBe(404);
  });

  test('bulk stop on a selection in the list (phone cards too)', async () => {
    const prefix = uniqueName('bulk');
    const a = await janitor.create(`${prefix}-a`, { Cmd: ['sleep', '600'], StopTimeout: 1 });
    const b = await janitor.create(`${prefix}-b`, { Cmd: ['sleep', '600'], StopTimeout: 1 });
    await reopenContext({ viewport: { width: 390, height: 844 } });
    const page = await login(`#/local/containers?q=${prefix}`);
    const rows = page.getByTestId('container-row');
    await expect.poll(() => rows.count()).toBe(2);
    for (const box of await page.getByTestId('container-select').all()) await box.check();
    await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    await page.getByTestId('bulk-stop').click();
    await expect.poll(() => page.getByTestId('confirm-lost').textContent()).toContain('2 running');
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.getByTestId('action-status').getAttribute('data-kind'), { timeout: 30_000 }).toBe('ok');
    expect((await janitor.inspect(a))?.State.Running).toBe(false);
    expect((await janitor.inspect(b))?.State.Running).toBe(false);
  });

  test('a viewer gets no buttons that change anything', async () => {
    const name = uniqueName('life-viewer');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'] });
    const page = await login(`#/local/containers/${id}`, VIEWER_TOKEN);
    await page.getByTestId('container-logs-link').waitFor();
    expect(await page.getByTestId('lifecycle').count()).toBe(0);
    await page.goto(`${proxy().origin}/#/local/containers?q=${name}`);
    await expect.poll(() => page.getByTestId('container-row').count()).toBe(1);
    expect(await page.getByTestId('container-select').count()).toBe(0);
    expect(await page.getByTestId('container-create-link').count()).toBe(0);
  });
});
