// Issue #13, pages follow what happens elsewhere: a container page opened by name follows its events and a
// rename (the URL moves to the new name); once the container, image, network or volume is removed on the
// engine (as the CLI would), its page says so in plain words and offers no action on it.
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { importUnique, removeImages } from '../support/images.ts';
import { cleanupInventory, createContainer, removeContainer, startContainer, uniqueName } from '../support/inventory.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const socket = env.engineSocket;
const volumes: string[] = [];
const networks: string[] = [];
const images: string[] = [];
const { login } = useProxyAndContext({
  cleanup: async () => {
    await cleanupInventory(socket, volumes, networks);
    await removeImages(socket, images);
  },
});

/** The gone notice is there, and no control that would act on the object. */
async function expectGone(page: Page, testid: string): Promise<void> {
  const gone = page.getByTestId(testid).getByTestId('gone');
  await gone.waitFor();
  expect(await gone.textContent()).toMatch(/was removed/);
  expect(await page.getByTestId(testid).locator('[data-admin]').count()).toBe(0);
}

describe('container page opened by name', () => {
  test('follows a start, a rename (the URL moves) and a removal made elsewhere', async () => {
    const name = uniqueName('objfol-web');
    const renamed = uniqueName('objfol-renamed');
    const id = await createContainer(socket, { name, image: env.fixtures.plain.ref });
    const page = await login(`#/local/containers/${name}`);
    const chip = page.getByTestId('container-state-chip');
    await expect.poll(() => chip.getAttribute('data-state')).toBe('created');

    await startContainer(socket, id);
    await expect.poll(() => chip.getAttribute('data-state')).toBe('running');

    await engineJson(socket, 'POST', `/containers/${id}/rename?name=${renamed}`);
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/local/containers/${renamed}`);
    await expect.poll(() => page.locator('#container-title').textContent()).toContain(renamed);

    await removeContainer(socket, id);
    await expectGone(page, 'container-page');
    expect(await page.getByTestId('gone').textContent()).toContain(renamed);
    expect(await page.getByTestId('lifecycle').count()).toBe(0);
    await page.close();
  });
});

describe('removed elsewhere', () => {
  test('an image page opened by its tag', async () => {
    const ref = `${uniqueName('objfol')}/gone:1`;
    images.push(ref);
    await importUnique(socket, ref);
    const page = await login(`#/local/images/${encodeURIComponent(ref)}`);
    await page.getByTestId('image-remove-open').waitFor();
    await engineRequest(socket, 'DELETE', `/images/${ref}`);
    await expectGone(page, 'image-page');
    await page.close();
  });

  test('a network page', async () => {
    const name = uniqueName('objfol-net');
    networks.push(name);
    await engineJson(socket, 'POST', '/networks/create', { Name: name });
    const page = await login(`#/local/networks/${name}`);
    await page.getByTestId('network-remove-open').waitFor();
    await engineRequest(socket, 'DELETE', `/networks/${name}`);
    await expectGone(page, 'network-page');
    await page.close();
  });

  test('a volume page', async () => {
    const name = uniqueName('objfol-vol');
    volumes.push(name);
    await engineJson(socket, 'POST', '/volumes/create', { Name: name });
    const page = await login(`#/local/volumes/${name}`);
    await page.getByTestId('volume-remove-open').waitFor();
    await engineRequest(socket, 'DELETE', `/volumes/${name}`);
    await expectGone(page, 'volume-page');
    await page.close();
  });
});
