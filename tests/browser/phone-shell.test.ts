// The shell at 390 px: every section is reachable by clicks from the section menu, the current section
// always shows, and nothing makes the page scroll sideways.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useProxyAndContext } from '../support/session.ts';

const { login, reopenContext } = useProxyAndContext({ contextOptions: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } });

const SECTIONS: [string, string, RegExp][] = [
  ['images', 'Images', /#\/local\/images$/],
  ['containers', 'Containers', /#\/local\/containers$/],
  ['volumes', 'Volumes', /#\/local\/volumes$/],
  ['networks', 'Networks', /#\/local\/networks$/],
  ['registries', 'Registries', /#\/local\/registries$/],
  ['swarm', 'Swarm', /#\/local\/swarm$/],
  ['system', 'System', /#\/local\/system$/],
  ['home', 'Home', /#\/local$/],
];

const overflow = (page: Page) =>
  page.evaluate(() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    header: (() => {
      const h = document.querySelector('.header-inner');
      return h ? h.scrollWidth - h.clientWidth : 0;
    })(),
  }));

describe('phone shell at 390 px', () => {
  test('each section by clicks from the menu, the current one named, no sideways scrolling', async () => {
    const page = await login('#/local');
    await page.getByTestId('engine-home').waitFor();
    // The home is the first page a bookmark opens: its own styles make it fit (no other page loaded them).
    await page.getByTestId('home-count-running').waitFor();
    expect(await overflow(page), 'home: no horizontal overflow').toEqual({ page: 0, header: 0 });
    // The row of links is not shown; the menu is.
    expect(await page.locator('.header nav.nav').isVisible()).toBe(false);
    expect(await page.getByTestId('nav-current').textContent()).toBe('Home');
    for (const [section, label, url] of SECTIONS) {
      await page.getByTestId('nav-menu-button').click();
      const link = page.locator(`[data-testid="nav-menu"] [data-testid="nav-${section}"]`);
      await link.waitFor();
      const box = await link.boundingBox();
      expect(box, `${label} is on screen`).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      await link.click();
      await page.waitForURL(url);
      await expect.poll(() => page.getByTestId('nav-current').textContent()).toBe(label);
      // The sheet closed after the pick.
      expect(await link.isVisible()).toBe(false);
      expect(await overflow(page), `${label}: no horizontal overflow`).toEqual({ page: 0, header: 0 });
    }
    await page.close();
  });

  test('at 1280 px every section link shows in the header, none hidden to the side', async () => {
    await reopenContext({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });
    const page = await login('#/local');
    await page.getByTestId('engine-home').waitFor();
    for (const [section, label, url] of SECTIONS) {
      const link = page.locator(`.header nav.nav [data-testid="nav-${section}"]`);
      const box = await link.boundingBox();
      expect(box, `${label} is on screen`).not.toBeNull();
      expect(box!.x + box!.width, `${label} is inside the window`).toBeLessThanOrEqual(1280);
      await link.click();
      await page.waitForURL(url);
      expect(await link.getAttribute('aria-current')).toBe('page');
    }
    expect(await page.evaluate(() => {
      const nav = document.querySelector('.header nav.nav')!;
      return nav.scrollWidth - nav.clientWidth;
    })).toBe(0);
    await page.close();
  });
});
