// Issue #13, images: the list follows the engine's image events with no reload, and images and tags are
// removed from the image page and the list (one or several), force and noprune explained, the containers
// that use an image named, a running one refusing clearly. Each action is checked on the engine.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest, readStream } from '../harness/engine-client.ts';
import { buildUnique, imageStatus, importUnique, removeImages, tagImage } from '../support/images.ts';
import { cleanupInventory, createContainer, startContainer, stopContainer, uniqueName } from '../support/inventory.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const socket = env.engineSocket;
const repo = uniqueName('objimg');
const made: string[] = [];
const { login } = useProxyAndContext({ cleanup: () => cleanupInventory(socket) });
afterAll(() => removeImages(socket, made));

const ref = (name: string): string => {
  const r = `${repo}/${name}`;
  made.push(r);
  return r;
};
const rowTags = (page: Page): Promise<string[]> =>
  page.getByTestId('image-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-repo-tag') ?? ''));
const shows = (page: Page, tag: string) => async () => (await rowTags(page)).includes(tag);

describe('the image list follows the engine', () => {
  test('tag, untag, import, commit, build, load, pull and delete show with no reload', async () => {
    const page = await login(`#/local/images?q=${repo}`);
    await page.getByTestId('image-filter').waitFor();
    await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');

    const tagged = ref('tagged:1');
    await tagImage(socket, env.fixtures.plain.ref, tagged);
    await expect.poll(shows(page, tagged)).toBe(true);

    await engineRequest(socket, 'DELETE', `/images/${tagged}`);
    await expect.poll(shows(page, tagged)).toBe(false);

    const imported = ref('imported:1');
    await importUnique(socket, imported);
    await expect.poll(shows(page, imported)).toBe(true);

    const committed = ref('committed:1');
    const id = await createContainer(socket, { name: uniqueName('objimg-commit'), image: env.fixtures.plain.ref });
    await engineJson(socket, 'POST', `/commit?${new URLSearchParams({ container: id, repo: committed.split(':')[0]!, tag: '1' })}`, {});
    await expect.poll(shows(page, committed)).toBe(true);

    const built = ref('built:1');
    await buildUnique(socket, built);
    await expect.poll(shows(page, built)).toBe(true);

    // docker save, remove, docker load: the load event brings it back.
    const saved = await engineRequest(socket, 'GET', `/images/${imported}/get`);
    await engineRequest(socket, 'DELETE', `/images/${imported}`);
    await expect.poll(shows(page, imported)).toBe(false);
    readStream('load', await engineRequest(socket, 'POST', '/images/load', saved.body, { 'content-type': 'application/x-tar' }));
    await expect.poll(shows(page, imported)).toBe(true);

    // A pull from the test registry, under a tag of our own.
    const pulledRepo = `${env.fixtures.single.registry}/${env.fixtures.single.repo}`;
    const pulled = `${pulledRepo}:${env.fixtures.single.tag}`;
    const hadPulled = (await imageStatus(socket, pulled)) === 200;
    if (hadPulled) await engineRequest(socket, 'DELETE', `/images/${pulled}`);
    await expect.poll(shows(page, pulled)).toBe(false);
    await page.getByTestId('image-filter').fill('');
    readStream('pull', await engineRequest(socket, 'POST', `/images/create?${new URLSearchParams({ fromImage: pulledRepo, tag: env.fixtures.single.tag })}`));
    await expect.poll(shows(page, pulled)).toBe(true);
    await page.close();
  });
});

describe('removing images and tags', () => {
  test('Untag on the image page takes one tag; the image stays with its other tag', async () => {
    const one = ref('two-tags:1');
    const two = ref('two-tags:2');
    await importUnique(socket, one);
    await tagImage(socket, one, two);
    const page = await login(`#/local/images/${encodeURIComponent(one)}`);
    await page.locator(`[data-testid="image-tag"][data-ref="${one}"] [data-testid="image-untag"]`).click();
    const confirm = page.getByTestId('confirm');
    await expect.poll(() => confirm.getByTestId('confirm-lost').textContent()).toContain(`still tagged ${two}`);
    await confirm.getByTestId('confirm-yes').click();
    await expect.poll(() => imageStatus(socket, one)).toBe(404);
    expect(await imageStatus(socket, two)).toBe(200);
    // Opened by the tag that is gone: the page moves to the image by id and lists the other tag only.
    await expect.poll(async () => page.getByTestId('image-tag').evaluateAll((els) => els.map((e) => e.getAttribute('data-ref')))).toEqual([two]);
    await page.close();
  });

  test('an image with several tags needs force; forced, all its tags and the image go', async () => {
    const one = ref('forced:1');
    const two = ref('forced:2');
    await importUnique(socket, one);
    await tagImage(socket, one, two);
    const { Id } = await engineJson<{ Id: string }>(socket, 'GET', `/images/${one}/json`);
    const page = await login(`#/local/images/${Id}`);
    await page.getByTestId('image-remove-open').click();
    const panel = page.getByTestId('image-remove');
    await expect.poll(() => panel.getByTestId('confirm-lost').textContent()).toMatch(/refuses unless forced: it has 2 tags/);
    // Without force the engine refuses, and says so.
    await panel.getByTestId('confirm-yes').click();
    await expect.poll(() => panel.getByTestId('action-status').getAttribute('data-kind')).toBe('error');
    expect(await panel.getByTestId('action-status').textContent()).toMatch(/must be forced|referenced in multiple repositories/);
    expect(await imageStatus(socket, Id)).toBe(200);

    await panel.getByTestId('image-remove-force').check();
    await expect.poll(() => panel.getByTestId('confirm-lost').textContent()).toMatch(/tags go\. The image is deleted/);
    await panel.getByTestId('confirm-yes').click();
    await expect.poll(() => imageStatus(socket, Id)).toBe(404);
    expect(await imageStatus(socket, two)).toBe(404);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/local/images');
    await page.close();
  });

  test('a running container is named and refuses even forced; once stopped, force removes the image', async () => {
    const image = ref('in-use:1');
    await buildUnique(socket, image);
    const name = uniqueName('objimg-user');
    const id = await createContainer(socket, { name, image });
    await startContainer(socket, id);
    const page = await login(`#/local/images/${encodeURIComponent(image)}`);
    await page.getByTestId('image-remove-open').click();
    const panel = page.getByTestId('image-remove');
    const user = panel.locator(`[data-testid="image-remove-user"][data-name="${name}"]`);
    await expect.poll(() => user.getAttribute('data-running')).toBe('1');
    await panel.getByTestId('image-remove-force').check();
    await expect.poll(() => panel.getByTestId('confirm-lost').textContent()).toContain(`refuses, even forced: it is used by running container ${name}`);
    await panel.getByTestId('confirm-yes').click();
    await expect.poll(() => panel.getByTestId('action-status').getAttribute('data-kind')).toBe('error');
    expect(await panel.getByTestId('action-status').textContent()).toMatch(/running container/);
    expect(await imageStatus(socket, image)).toBe(200);

    // Stopped elsewhere: the events bring the new state into the plan.
    await stopContainer(socket, id);
    await expect.poll(() => user.getAttribute('data-running')).toBe('0');
    await expect.poll(() => panel.getByTestId('confirm-lost').textContent()).toMatch(/image is deleted/);
    await panel.getByTestId('confirm-yes').click();
    await expect.poll(() => imageStatus(socket, image)).toBe(404);
    // The stopped container stays, without its image.
    expect((await engineRequest(socket, 'GET', `/containers/${id}/json`)).status).toBe(200);
    await page.close();
  });

  test('several rows selected in the list go in one confirmed step', async () => {
    const a1 = ref('bulk-a:1');
    const a2 = ref('bulk-a:2');
    const b1 = ref('bulk-b:1');
    await importUnique(socket, a1);
    await tagImage(socket, a1, a2);
    await importUnique(socket, b1);
    const page = await login(`#/local/images?q=${repo}/bulk-`);
    await expect.poll(async () => (await rowTags(page)).sort()).toEqual([a1, a2, b1]);
    for (const tag of [a1, a2, b1]) await page.locator(`[data-testid="image-row"][data-repo-tag="${tag}"] [data-testid="image-select"]`).check();
    expect(await page.getByTestId('image-bulk-count').textContent()).toBe('3 selected');
    await page.getByTestId('image-bulk-remove').click();
    const panel = page.getByTestId('image-remove');
    // The first tag of bulk-a only untags; its second takes the image.
    const lost = await panel.getByTestId('confirm-lost').locator('li').allTextContents();
    const ofA = lost.filter((l) => l.startsWith(`${repo}/bulk-a:`));
    expect(ofA.map((l) => (/Only the tag goes/.test(l) ? 'untag' : /image is deleted/.test(l) ? 'delete' : l))).toEqual(['untag', 'delete']);
    await panel.getByTestId('confirm-yes').click();
    for (const tag of [a1, a2, b1]) await expect.poll(() => imageStatus(socket, tag)).toBe(404);
    await expect.poll(() => rowTags(page)).toEqual([]);
    await page.close();
  });
});
