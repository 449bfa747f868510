// The container list at scale in Chromium: 400 containers (created, not started) are all there, only a window
// of rows is in the DOM, scrolling reaches the last one, and the filter finds one among them.
import { beforeAll, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { cleanupInventory, createContainer, uniqueName } from '../support/inventory.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const socket = env.engineSocket;
const COUNT = 400;
const prefix = uniqueName('inv-scale');
const { login } = useProxyAndContext({ contextOptions: { viewport: { width: 1280, height: 800 } }, cleanup: () => cleanupInventory(socket) });

beforeAll(async () => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < COUNT) {
      const i = next++;
      await createContainer(socket, { name: `${prefix}-${String(i).padStart(3, '0')}`, image: env.fixtures.plain.ref, network: 'none' });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}, 180_000);

test('a long list is windowed, complete and scrollable to its end', async () => {
  const page = await login(`#/local/containers?sort=name-asc&q=${prefix}`);
  await page.getByTestId('container-row').first().waitFor();
  const engine = await engineJson<unknown[]>(socket, 'GET', '/containers/json?all=1');
  await expect.poll(() => page.getByTestId('container-count').getAttribute('data-shown')).toBe(String(COUNT));
  expect(await page.getByTestId('container-count').getAttribute('data-total')).toBe(String(engine.length));
  const inDom = await page.getByTestId('container-row').count();
  expect(inDom).toBeGreaterThan(10);
  expect(inDom).toBeLessThan(80);
  expect(await page.getByTestId('container-row').first().getAttribute('data-name')).toBe(`${prefix}-000`);

  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const last = page.locator(`[data-testid="container-row"][data-name="${prefix}-${COUNT - 1}"]`);
  await last.waitFor();
  expect(await last.isVisible()).toBe(true);
  expect(await page.getByTestId('container-row').count()).toBeLessThan(80);

  await page.getByTestId('container-filter').fill(`${prefix}-217`);
  await expect.poll(() => page.getByTestId('container-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')))).toEqual([
    `${prefix}-217`,
  ]);
});
