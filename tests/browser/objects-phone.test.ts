// Issue #13 at 390 px, light and dark: the new forms and questions (create a network or a volume, connect,
// remove images) open without anything cut off, and their buttons stay inside the screen.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { cleanupInventory, createContainer, uniqueName } from '../support/inventory.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const socket = env.engineSocket;
const network = uniqueName('objphone-net');
const name = uniqueName('objphone-web');
const { login, reopenContext } = useProxyAndContext({ cleanup: () => cleanupInventory(socket, [], [network]) });

beforeAll(async () => {
  await engineJson(socket, 'POST', '/networks/create', { Name: network });
  await createContainer(socket, { name, image: env.fixtures.plain.ref, network });
});

/** Opens a panel and checks the page is no wider than the phone and the panel's buttons are on screen. */
async function fits(page: Page, hash: string, open: string, panel: string): Promise<{ width: number; outside: string[] }> {
  await page.evaluate((h) => (location.hash = h), hash);
  await page.getByTestId(open).first().click();
  await page.getByTestId(panel).waitFor();
  return page.evaluate((testid) => {
    const outside = [...document.querySelectorAll(`[data-testid="${testid}"] button`)]
      .filter((b) => {
        const r = b.getBoundingClientRect();
        return r.left < 0 || r.right > window.innerWidth;
      })
      .map((b) => b.textContent ?? '');
    return { width: document.documentElement.scrollWidth, outside };
  }, panel);
}

describe.each(['light', 'dark'] as const)('at 390 px, %s', (colorScheme) => {
  test('create, connect and remove panels fit', async () => {
    await reopenContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme });
    const page = await login('#/local/networks');
    const results: Record<string, { width: number; outside: string[] }> = {};
    results['network create'] = await fits(page, '#/local/networks', 'network-create-open', 'network-create-form');
    results['network connect'] = await fits(page, `#/local/networks/${network}`, 'network-connect-open', 'network-connect-form');
    results['network remove'] = await fits(page, `#/local/networks/${network}`, 'network-remove-open', 'network-remove');
    results['container connect'] = await fits(page, `#/local/containers/${name}`, 'container-connect-open', 'network-connect-form');
    results['volume create'] = await fits(page, '#/local/volumes', 'volume-create-open', 'volume-create-form');
    results['image remove'] = await fits(page, `#/local/images/${env.fixtures.history.id}`, 'image-remove-open', 'image-remove');
    for (const [what, result] of Object.entries(results)) {
      expect(result.width, what).toBeLessThanOrEqual(390);
      expect(result.outside, what).toEqual([]);
    }
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
    await page.close();
  });
});
