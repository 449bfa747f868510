// The console's geometry and keys in Chromium against the real engine: `stty size` in the shell equals
// the terminal's rows and columns and the last row is whole inside the box (desktop 1280 and phone 390),
// Ctrl+Shift+V pastes once, and with a phone's keyboard up the terminal and its key row stay in sight.
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const created: string[] = [];
const { login, reopenContext } = useProxyAndContext({
  cleanup: async () => {
    for (const id of created) await engineJson(env.engineSocket, 'DELETE', `/containers/${id}?force=1`).catch(() => undefined);
  },
});

async function shellContainer(): Promise<string> {
  const c = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=console-geometry-${Date.now()}-${created.length}`, {
    Image: env.fixtures.plain.ref,
    Cmd: ['sleep', '3600'],
  });
  created.push(c.Id);
  await engineJson(env.engineSocket, 'POST', `/containers/${c.Id}/start`);
  return c.Id;
}

const panel = (page: Page) => page.locator('[data-testid="console-tab-panel"]:not([hidden])');

async function screen(page: Page): Promise<string[]> {
  return panel(page)
    .locator('.xterm-rows > div')
    .evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

async function open(page: Page): Promise<void> {
  await panel(page).locator('[data-testid="console-terminal"][data-phase="open"]').waitFor({ timeout: 20_000 });
}

async function typeLine(page: Page, line: string): Promise<void> {
  await panel(page).locator('.xterm-screen').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

async function expectLine(page: Page, expected: string): Promise<void> {
  await expect.poll(async () => (await screen(page)).some((l) => l.trim() === expected), { timeout: 10_000 }).toBe(true);
}

/** rows and cols as the page's terminal has them. */
async function termSize(page: Page): Promise<{ rows: number; cols: number }> {
  const term = panel(page).getByTestId('console-terminal');
  return { rows: Number(await term.getAttribute('data-rows')), cols: Number(await term.getAttribute('data-cols')) };
}

/**
 * Where the last row of cells is against the terminal box's content box (inside border and padding), and
 * how many rows xterm draws.
 */
async function lastRow(page: Page): Promise<{ rowBottom: number; rowTop: number; contentBottom: number; contentRight: number; screenRight: number; drawn: number; text: string }> {
  return panel(page)
    .getByTestId('console-terminal')
    .evaluate((host) => {
      const style = getComputedStyle(host);
      const px = (name: string) => parseFloat(style.getPropertyValue(name)) || 0;
      const box = host.getBoundingClientRect();
      const rows = [...host.querySelectorAll('.xterm-rows > div')];
      const last = rows[rows.length - 1]!.getBoundingClientRect();
      const screenBox = host.querySelector('.xterm-screen')!.getBoundingClientRect();
      return {
        rowTop: last.top,
        rowBottom: last.bottom,
        contentBottom: box.bottom - px('border-bottom-width') - px('padding-bottom'),
        contentRight: box.right - px('border-right-width') - px('padding-right'),
        screenRight: screenBox.right,
        drawn: rows.length,
        text: (rows[rows.length - 1]!.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
      };
    });
}

/** `stty size` in the shell equals the terminal's rows and columns, and a line written on the last row shows whole. */
async function checkGeometry(page: Page): Promise<void> {
  const size = await termSize(page);
  expect(size.rows).toBeGreaterThan(4);
  expect(size.cols).toBeGreaterThan(10);
  await typeLine(page, 'clear; stty size');
  await expectLine(page, `${size.rows} ${size.cols}`);
  // The cursor clamps to the last row: the marker is printed there, as vi's or less's status line is.
  await typeLine(page, "clear; printf '\\033[999;1HLAST-ROW-%s' $((20+22)); sleep 600");
  await expect.poll(async () => (await lastRow(page)).text, { timeout: 10_000 }).toBe('LAST-ROW-42');
  const last = await lastRow(page);
  expect(last.drawn).toBe(size.rows);
  expect(last.rowBottom).toBeLessThanOrEqual(last.contentBottom + 0.5);
  expect(last.screenRight).toBeLessThanOrEqual(last.contentRight + 0.5);
  // And it is what the page shows there: the point just inside the last row's bottom is the terminal's.
  const hit = await page.evaluate(({ y }) => {
    const rows = document.querySelector('[data-testid="console-tab-panel"]:not([hidden]) .xterm-rows')!;
    const x = rows.getBoundingClientRect().left + 4;
    const el = document.elementFromPoint(x, y);
    return !!el && !!el.closest('[data-testid="console-terminal"]');
  }, { y: last.rowBottom - 1 });
  expect(hit).toBe(true);
  await page.keyboard.press('Control+C');
}

describe('console geometry', () => {
  test('desktop 1280: stty size is the terminal size and the last row is whole, after a resize too', async () => {
    const id = await shellContainer();
    await reopenContext({ viewport: { width: 1280, height: 800 } });
    const page = await login(`#/local/containers/${id}/console`);
    await open(page);
    await checkGeometry(page);
    const before = await termSize(page);
    await page.setViewportSize({ width: 1000, height: 713 });
    await expect.poll(async () => (await termSize(page)).rows).not.toBe(before.rows);
    await checkGeometry(page);
    await page.close();
  });

  test('phone 390: stty size is the terminal size and the last row is whole', async () => {
    const id = await shellContainer();
    await reopenContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await login(`#/local/containers/${id}/console`);
    await open(page);
    await checkGeometry(page);
    await page.close();
  });

  test('Ctrl+Shift+V pastes the clipboard once', async () => {
    const id = await shellContainer();
    const context = await reopenContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await login(`#/local/containers/${id}/console`);
    await open(page);
    await page.evaluate(() => navigator.clipboard.writeText('pasted-$((40+2))'));
    await panel(page).locator('.xterm-screen').click();
    await page.keyboard.type('echo ');
    await page.keyboard.press('Control+Shift+V');
    await page.keyboard.type(' end');
    await page.keyboard.press('Enter');
    // Twice would print "pasted-42pasted-42 end".
    await expectLine(page, 'pasted-42 end');
    expect((await screen(page)).some((l) => l.includes('pasted-42pasted-42'))).toBe(false);
    await page.close();
  });

  test("phone 390 with the keyboard up: the terminal and its key row stay in sight, header and tabs make way", async () => {
    const id = await shellContainer();
    await reopenContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await login(`#/local/containers/${id}/console`);
    await open(page);
    expect(await page.getByTestId('console-page').getAttribute('data-compact')).toBe('false');
    await typeLine(page, 'echo before');
    await expectLine(page, 'before');
    // The keyboard takes the bottom half: Chromium shrinks the viewport as Android does with resizes-content.
    await page.setViewportSize({ width: 390, height: 420 });
    await expect.poll(() => page.getByTestId('console-page').getAttribute('data-compact')).toBe('true');
    const inView = async (selector: string) =>
      page.evaluate((sel) => {
        const el = document.querySelector(`[data-testid="console-tab-panel"]:not([hidden]) ${sel}`)!;
        const r = el.getBoundingClientRect();
        const h = window.visualViewport?.height ?? window.innerHeight;
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + 2);
        const bottom = document.elementFromPoint(r.left + r.width / 2, r.bottom - 2);
        return { top: r.top, bottom: r.bottom, height: h, ownTop: !!top && el.contains(top), ownBottom: !!bottom && el.contains(bottom) };
      }, selector);
    await expect.poll(async () => (await inView('[data-testid="console-keys"]')).ownBottom).toBe(true);
    for (const selector of ['[data-testid="console-terminal"]', '[data-testid="console-keys"]']) {
      const box = await inView(selector);
      expect(box.top, selector).toBeGreaterThanOrEqual(0);
      expect(box.bottom, selector).toBeLessThanOrEqual(box.height);
      expect(box.ownTop && box.ownBottom, selector).toBe(true);
    }
    // The app header and the tabs are out of the way (covered), the shell goes on with its new size.
    const headerCovered = await page.evaluate(() => {
      const header = document.querySelector('header')!.getBoundingClientRect();
      const el = document.elementFromPoint(header.left + 20, header.top + header.height / 2);
      return !el?.closest('header');
    });
    expect(headerCovered).toBe(true);
    await checkGeometry(page);
    // Keyboard down again: the page as before.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.getByTestId('console-page').getAttribute('data-compact')).toBe('false');
    await expect.poll(() => page.getByTestId('console-tab').first().isVisible()).toBe(true);
    await page.close();
  });
});
