// An engine that goes away while the proxy stays up: its last known inventory stays on screen, marked.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { engineJson, startEngine, type TestEngine } from '../harness/engine.ts';
import { busyboxRoot } from '../harness/fixtures.ts';
import { createTar } from '../harness/tar.ts';
import { storedInventoryHolds } from '../support/inventory.ts';
import { useProxyAndContext } from '../support/session.ts';

let dir: string;
let engine: TestEngine;

// Registered before the proxy's hooks: the proxy is started with this engine, and closed before it stops.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-down-'));
  engine = await startEngine({ name: 'goes-away' });
  symlinkSync(engine.socketPath, join(dir, 'engine.sock'));
  await engineJson(engine.socketPath, 'POST', '/images/create?fromSrc=-&repo=down/busybox&tag=1', createTar(busyboxRoot()), { 'content-type': 'application/x-tar' });
  await engineJson(engine.socketPath, 'POST', '/containers/create?name=last-seen', { Image: 'down/busybox:1', Cmd: ['sleep', '60'] });
}, 120_000);
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});
const { login } = useProxyAndContext({ engines: () => [`local=unix://${join(dir, 'engine.sock')}`] });

test('with the engine gone, a reload still shows its last containers under a banner', async () => {
  const page = await login('#/local/containers?state=all');
  await page.getByText('last-seen').first().waitFor();
  // The inventory is written to IndexedDB at most once a second: wait until it holds the row.
  await storedInventoryHolds(page, 'last-seen');
  process.kill(engine.pid, 'SIGKILL');
  await page.reload();
  // The list keeps its last rows, marked read-only with their age…
  await page.getByTestId('offline-banner').waitFor();
  expect(await page.getByTestId('offline-banner').textContent()).toMatch(/as of/);
  await page.getByText('last-seen').first().waitFor();
  // …and once the engine list is checked again (it is fresh for 5 s), the engine itself is marked unreachable.
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId('engine-down-banner').waitFor({ timeout: 2_000 }).then(
          () => true,
          () => false,
        );
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toBe(true);
  expect(await page.getByTestId('engine-down-banner').textContent()).toMatch(/unreachable/);
  await page.getByText('last-seen').first().waitFor();

  // Once the restored list is stale, a start asks the engine again and that refresh fails: the stored inventory
  // must keep the last rows then (it used to drop a list whose refresh had failed, so the next start had none).
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId('refresh-failed').first().waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        );
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(true);
  // A write of the stored inventory after that failure: checking the engines again gives new data to store.
  const checkedAt = await page.evaluate(() => Date.now());
  await page.getByTestId('engine-down-banner').getByRole('button').click();
  await storedSince(page, checkedAt);
  // …and the next start still has the rows.
  await page.reload();
  await page.getByTestId('offline-banner').waitFor();
  await page.getByText('last-seen').first().waitFor();
}, 180_000);

/** Waits until the stored inventory (its `meta` entry) was written at or after `since` (the page's clock). */
async function storedSince(page: Page, since: number): Promise<void> {
  await page.waitForFunction(
    (after) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('porthole');
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const get = open.result.transaction('query-cache').objectStore('query-cache').get('meta');
          get.onsuccess = () => resolve(((get.result as { timestamp?: number } | undefined)?.timestamp ?? 0) >= after);
          get.onerror = () => resolve(false);
        };
      }),
    since,
    { polling: 100, timeout: 30_000 },
  );
}
