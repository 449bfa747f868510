// A view whose code fails to load (the network blinked while its chunk was fetched) says so with a Retry,
// and loads when retried or on a later navigation: never a blank view.
import { expect, test } from 'vitest';
import { useProxyAndContext } from '../support/session.ts';

// No service worker: it would serve the chunk from its cache, where page.route cannot fail it.
const { login, proxy } = useProxyAndContext({ contextOptions: { serviceWorkers: 'block' } });

test('a chunk that fails once shows a message and a Retry, and then loads', async () => {
  const page = await login('#/local/images');
  // The volume list lives in its own chunk: fail its first fetch.
  let failed = 0;
  await page.route(/\/assets\/VolumeList-[^/]+\.js$/, async (route) => {
    if (failed++ === 0) return route.abort('connectionreset');
    return route.continue();
  });
  await page.goto(`${proxy().origin}/#/local/volumes`);
  const error = page.getByTestId('chunk-error');
  await error.waitFor({ timeout: 20_000 });
  expect(await error.textContent()).toMatch(/could not be loaded.*Retry/s);
  expect(failed).toBe(1);
  await error.getByRole('button', { name: 'Retry' }).click();
  await page.getByTestId('chunk-error').waitFor({ state: 'detached', timeout: 20_000 });
  await expect.poll(() => page.locator('main').textContent(), { timeout: 20_000 }).toMatch(/Volumes/i);
});

test('after a failed load, navigating away and back loads the view', async () => {
  const page = await login('#/local/images');
  let failed = 0;
  await page.route(/\/assets\/NetworkList-[^/]+\.js$/, async (route) => {
    if (failed++ === 0) return route.abort('connectionreset');
    return route.continue();
  });
  await page.goto(`${proxy().origin}/#/local/networks`);
  await page.getByTestId('chunk-error').waitFor({ timeout: 20_000 });
  await page.goto(`${proxy().origin}/#/local/images`);
  await page.goto(`${proxy().origin}/#/local/networks`);
  await page.getByTestId('chunk-error').waitFor({ state: 'detached', timeout: 20_000 });
  await expect.poll(() => page.locator('main').textContent(), { timeout: 20_000 }).toMatch(/bridge/);
});
