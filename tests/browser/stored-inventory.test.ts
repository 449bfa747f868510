// Issue 18 in Chromium against the real engine: the installed app shows the stored container list at once,
// marked with its age, before the network answers, then refreshes it (what changed on the engine meanwhile
// appears, the mark goes); engine events change single rows.
import type { Page } from 'playwright-core';
import { expect, inject, test } from 'vitest';
import { cleanupInventory, createContainer, removeContainer, startContainer, stopContainer, storedInventoryHolds, uniqueName } from '../support/inventory.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const socket = env.engineSocket;
const { context, login } = useProxyAndContext({ cleanup: () => cleanupInventory(socket) });

const rowOf = (page: Page, name: string) => page.locator(`[data-testid="container-row"][data-name="${name}"]`);

/** What the page showed when its first container row appeared, and whether that row's element survives. */
const FIRST_PAINT_PROBE = `
  window.__first = null;
  new MutationObserver(() => {
    if (window.__first) return;
    const rows = document.querySelectorAll('[data-testid="container-row"]');
    if (rows.length === 0) return;
    const notice = document.querySelector('[data-testid="stored-notice"]');
    window.__first = {
      names: [...rows].map((r) => r.getAttribute('data-name')),
      notice: notice ? notice.textContent : null,
      badge: document.querySelector('[data-testid="live-status"]')?.getAttribute('data-state') ?? null,
    };
    window.__kept = document.querySelector('[data-testid="container-row"][data-name="' + window.__keptName + '"]');
  }).observe(document, { childList: true, subtree: true });
`;

interface FirstPaint {
  names: string[];
  notice: string | null;
  badge: string | null;
}

test('a reload of the installed app shows the stored list with its age before the engine answers, then refreshes it in place', async () => {
  const kept = uniqueName('stored-kept');
  const later = uniqueName('stored-later');
  // Never started: its status ("Created") does not move with time, so its row must stay the same element.
  await createContainer(socket, { name: kept, image: env.fixtures.plain.ref });
  const page = await login('#/local/containers');
  await rowOf(page, kept).waitFor();
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => r.active?.state)), { timeout: 90_000 }).toEqual(['activated']); // slow on a loaded machine
  await page.reload();
  await rowOf(page, kept).waitFor();
  await storedInventoryHolds(page, kept);
  const hash = page.url();
  // The app goes away (an open page would follow the engine and store what changed).
  await page.close();

  // Changed on the engine while the app was away.
  const laterId = await createContainer(socket, { name: later, image: env.fixtures.plain.ref });
  await context().addInitScript({ content: `window.__keptName = ${JSON.stringify(kept)};\n${FIRST_PAINT_PROBE}` });
  const again = await context().newPage();
  await again.goto(hash);

  await expect.poll(() => again.evaluate(() => (window as unknown as { __first: FirstPaint | null }).__first), { timeout: 15_000 }).not.toBeNull();
  const first = await again.evaluate(() => (window as unknown as { __first: FirstPaint }).__first);
  // The first rows are the stored ones: marked with their age, without what the engine has since.
  expect(first.notice).toMatch(/^stored (less than a minute|\d+ seconds?|about a minute) ago$/);
  expect(first.badge).toBe('stored');
  expect(first.names).toContain(kept);
  expect(first.names).not.toContain(later);

  // Then the refresh: the new container appears, the mark goes, the unchanged row stays.
  await rowOf(again, later).waitFor({ timeout: 15_000 });
  await expect.poll(() => again.getByTestId('stored-notice').count(), { timeout: 15_000 }).toBe(0);
  await expect.poll(() => again.getByTestId('live-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
  expect(await rowOf(again, kept).count()).toBe(1);

  // Engine events change single rows: a start and a stop show on the row, a removal takes it away.
  await startContainer(socket, laterId);
  await expect.poll(() => rowOf(again, later).getAttribute('data-state'), { timeout: 10_000 }).toBe('running');
  await stopContainer(socket, laterId);
  await expect.poll(() => rowOf(again, later).getAttribute('data-state'), { timeout: 10_000 }).toBe('exited');
  await removeContainer(socket, laterId);
  await expect.poll(() => rowOf(again, later).count(), { timeout: 10_000 }).toBe(0);
  await again.close();
});
