// Controls that hold still: a pull's Cancel button stays the same element while progress streams in,
// so a real press (pointer down, progress moves on, pointer up) cancels the pull, and the engine
// ends up without the image.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createTar } from '../harness/tar.ts';
import { engineJson, engineRequest, readStream, registryAuthHeader } from '../harness/engine-client.ts';
import { useProxyAndContext } from '../support/session.ts';
import { startSlowRegistry, type SlowRegistry } from '../support/slowRegistry.ts';

const env = inject('testEnv');
const sock = () => env.engineSocket;
const repo = `slow/app-${Date.now().toString(36)}`;
let slow: SlowRegistry;

beforeAll(async () => {
  // An image of its own random bytes in the plain registry, and not on the engine (so the pull has
  // a layer to download); the slow registry serves it a trickle at a time.
  const target = `${env.registry.host}/${repo}`;
  const tar = createTar([{ type: 'file', path: 'noise.bin', content: randomBytes(2 * 1024 * 1024) }]);
  readStream('import', await engineRequest(sock(), 'POST', `/images/create?${new URLSearchParams({ fromSrc: '-', repo: target, tag: '1' })}`, tar, { 'content-type': 'application/x-tar' }));
  readStream('push', await engineRequest(sock(), 'POST', `/images/${target}/push?tag=1`, undefined, { 'x-registry-auth': registryAuthHeader() }));
  await engineJson(sock(), 'DELETE', `/images/${target}:1?force=1`);
  slow = await startSlowRegistry(env.netnsPath, env.registry.url);
});
afterAll(async () => {
  await slow?.stop();
});
const { login } = useProxyAndContext();
/** How long a real press holds the button down (the user's input, see below). */
const PRESS_MS = 150;

test('Cancel, pressed for real while progress streams in, stops the pull', async () => {
  const ref = `${slow.host}/${repo}:1`;
  const page = await login('#/local/registries');
  await page.getByTestId('pull-ref').fill(ref);
  await page.getByTestId('pull-submit').click();
  const row = page.locator(`[data-testid="transfer"][data-ref="${ref}"]`);
  const fraction = () => row.getByTestId('transfer-overall').getAttribute('data-fraction').then(Number);
  await expect.poll(fraction, { timeout: 30_000 }).toBeGreaterThan(0).catch(async (error: Error) => {
    throw new Error(`${error.message}\n${await row.textContent()}`);
  });
  expect(await row.getAttribute('data-status')).toBe('running');

  // hover() waits until the button is visible and still (the tray slides open), as a person aims.
  await row.getByTestId('transfer-cancel').hover();
  const box = await row.getByTestId('transfer-cancel').boundingBox();
  if (!box) throw new Error('no Cancel button on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  // Held until the page has drawn new progress under the pointer (state: the press must survive a redraw),
  // and for at least PRESS_MS. That minimum is not a wait on the code: it is the user's input, how long a finger
  // or a mouse button stays down in a real click (about 100-200 ms), which no state of the page can stand for.
  const before = await fraction();
  await Promise.all([expect.poll(fraction, { timeout: 10_000 }).not.toBe(before), new Promise((resolve) => setTimeout(resolve, PRESS_MS))]);
  await page.mouse.up();

  await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('cancelled');
  expect((await engineRequest(sock(), 'GET', `/images/${encodeURIComponent(ref)}/json`)).status).toBe(404);
});
