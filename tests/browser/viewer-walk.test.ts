// Issue #13: viewers see no admin control. Every route is walked with the viewer token: no element marked
// data-admin renders, and no button, link or tab reads like an action that needs the admin token. The same
// walk as admin finds them, so the detector itself is known to work.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { cleanupInventory, createContainer, startContainer, uniqueName } from '../support/inventory.ts';
import { ADMIN_TOKEN, VIEWER_TOKEN } from '../support/proxy.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const socket = env.engineSocket;
const name = uniqueName('walk-web');
const network = uniqueName('walk-net');
const volume = uniqueName('walk-vol');
const { login } = useProxyAndContext({ cleanup: () => cleanupInventory(socket, [volume], [network]) });

beforeAll(async () => {
  await engineJson(socket, 'POST', '/volumes/create', { Name: volume });
  await engineJson(socket, 'POST', '/networks/create', { Name: network });
  const id = await createContainer(socket, { name, image: env.fixtures.plain.ref, volume, network });
  await startContainer(socket, id);
});

/** Labels of controls that need the admin token (the whole text of a button, link or tab). */
const ADMIN_LABELS = [
  /^Run…$/, /Run a container/, /^Tag…?$/, /^Push…?$/, /^Console$/, /^Files$/, /^Layers$/, /^Untag$/,
  /^\+? ?Create( |…|$)/, /^Remove/, /^Prune/, /^Preview/, /^Start$/, /^Stop$/, /^Restart$/, /^Kill$/, /^Pause$/, /^Unpause$/,
  /^Rename/, /^Commit/, /^Duplicate/, /^Pull( |…|$)/, /^Build(…)?$/, /^Load( |…|$)/, /^Save(…)?$/, /^Connect/, /^Disconnect$/, /^Add( |…|$)/,
  /^Start a swarm/, /^Leave/, /^Drain/, /^Activate$/, /^Scale$/, /^Update image/, /^Delete/, /^Show what would be removed/,
];

const routes = (): string[] => {
  const e = 'local';
  const image = env.fixtures.history.id;
  const repo = encodeURIComponent(`${env.fixtures.single.registry}/${env.fixtures.single.repo}`);
  return [
    `#/${e}/images`,
    `#/${e}/images/${image}`,
    `#/${e}/images/${image}/history`,
    `#/${e}/images/${image}/layers`,
    `#/${e}/layers`,
    `#/${e}/layers/compare?a=${encodeURIComponent(env.fixtures.shareA.ref)}&b=${encodeURIComponent(env.fixtures.shareB.ref)}`,
    `#/${e}/containers`,
    `#/${e}/containers/${name}`,
    `#/${e}/containers/${name}/logs`,
    `#/${e}/containers/${name}/diff`,
    `#/${e}/containers/${name}/files`,
    `#/${e}/containers/${name}/console`,
    `#/${e}/containers/new`,
    `#/${e}/networks`,
    `#/${e}/networks/${network}`,
    `#/${e}/networks/bridge`,
    `#/${e}/volumes`,
    `#/${e}/volumes/${volume}`,
    `#/${e}/registries`,
    `#/${e}/registries/${repo}`,
    `#/${e}/system`,
    `#/${e}/build`,
    `#/${e}/engines`,
    `#/${e}/swarm`,
  ];
};

/** Opens the route and waits until nothing on it is loading any more. */
async function open(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
  await page.waitForFunction(() => document.querySelector('main .page, main .state') !== null && document.querySelector('main .state-loading') === null);
}

interface Found {
  marked: string[];
  labelled: string[];
}

async function adminControls(page: Page): Promise<Found> {
  const texts = await page.evaluate(() => {
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null || (el as HTMLElement).getClientRects().length > 0;
    const marked = [...document.querySelectorAll('[data-admin]')].map((el) => el.getAttribute('data-testid') ?? el.textContent?.trim() ?? el.tagName);
    const controls = [...document.querySelectorAll('main button, main a.button, main a.tab, main [role="tab"], main summary, main input[type="submit"]')].filter(visible);
    return { marked, labels: controls.map((el) => (el.textContent ?? (el as HTMLInputElement).value ?? '').replace(/\s+/g, ' ').trim()) };
  });
  return { marked: texts.marked, labelled: texts.labels.filter((label) => ADMIN_LABELS.some((pattern) => pattern.test(label))) };
}

describe('the viewer token', () => {
  test('finds no admin control on any route', async () => {
    const page = await login('#/local/images', VIEWER_TOKEN);
    expect(await page.getByTestId('session-role').textContent()).toContain('viewer');
    const found: Record<string, Found> = {};
    for (const hash of routes()) {
      await open(page, hash);
      const controls = await adminControls(page);
      if (controls.marked.length || controls.labelled.length) found[hash] = controls;
    }
    expect(found).toEqual({});
    await page.close();
  });
});

describe('the admin token', () => {
  test('the same walk finds the admin controls (the detector works)', async () => {
    const page = await login('#/local/images', ADMIN_TOKEN);
    const missing: string[] = [];
    for (const hash of [`#/local/images/${env.fixtures.history.id}`, `#/local/containers/${name}`, '#/local/networks', '#/local/volumes', '#/local/system']) {
      await open(page, hash);
      const controls = await adminControls(page);
      if (!controls.marked.length || !controls.labelled.length) missing.push(hash);
    }
    expect(missing).toEqual([]);
    await page.close();
  });
});
