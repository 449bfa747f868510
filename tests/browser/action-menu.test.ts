// The container page at 390 px: the state's main actions in view, the rest under "More", a real menu
// (aria-haspopup and aria-expanded, arrows, Home/End, Escape gives focus back, a tap outside closes it)
// that works by touch and by keyboard; what is picked there reaches the engine, destructive ones ask first.
// Then the panels that open from actions, by keyboard alone: rename and commit on a container, tag, push
// and remove on an image each take focus, keep Tab inside, close on Escape and give focus back to what
// opened them, with a visible focus ring all the way.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const PHONE = { viewport: { width: 390, height: 844 } };
const janitor = containerJanitor();
const images: string[] = [];
const { login, reopenContext } = useProxyAndContext({
  contextOptions: { ...PHONE, isMobile: true, hasTouch: true },
  cleanup: async () => {
    await janitor.cleanup();
    for (const image of images) await engineRequest(janitor.socket, 'DELETE', `/images/${encodeURIComponent(image)}?force=1`).catch(() => undefined);
  },
});

interface Focus {
  testid: string | null;
  role: string | null;
  label: string;
  /** The data-testids of the element and of every element around it (the panel or menu it is in). */
  inside: string[];
  /** Shown as focused to a keyboard user: :focus-visible with an outline of 2px or more. */
  ring: boolean;
}

async function focus(page: Page): Promise<Focus | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return null;
    const inside: string[] = [];
    for (let node: HTMLElement | null = el; node; node = node.parentElement) if (node.dataset.testid) inside.push(node.dataset.testid);
    const style = getComputedStyle(el);
    return {
      testid: el.dataset.testid ?? null,
      role: el.getAttribute('role'),
      label: (el.textContent ?? '').trim(),
      inside,
      ring: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

/** Tab until the control with `testid` has focus (at most `max` presses). */
async function tabTo(page: Page, testid: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await focus(page))?.testid === testid) return;
  }
  throw new Error(`Tab never reached ${testid}`);
}

/**
 * Presses Tab `presses` times (more than the panel has controls) and then Shift+Tab as often: focus never
 * leaves the panel, shows a ring each time, and comes round to a control it had already been on.
 */
async function tabStaysInside(page: Page, panel: string, presses: number): Promise<void> {
  const seen: string[] = [];
  for (const key of [...Array(presses).fill('Tab'), ...Array(presses).fill('Shift+Tab')] as string[]) {
    await page.keyboard.press(key);
    const now = await focus(page);
    expect(now?.inside, `${key} left ${panel} for ${now?.testid ?? now?.label ?? 'nothing'}`).toContain(panel);
    expect(now?.ring, `no visible focus on ${now?.testid ?? now?.label} in ${panel}`).toBe(true);
    seen.push(now?.testid ?? now?.label ?? '');
  }
  expect(new Set(seen.slice(0, presses)).size, `Tab went round in ${panel}`).toBeLessThan(presses);
}

async function paused(id: string): Promise<boolean | undefined> {
  return (await janitor.inspect(id))?.State.Paused;
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('the container page at 390 px', () => {
  test('main actions in view, the rest under More: a tap pauses through the menu, a tap outside closes it, the engine holds it paused', async () => {
    const name = uniqueName('menu-pause');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'] });
    const page = await login(`#/local/containers/${id}`);
    const more = page.getByTestId('action-more');
    await more.waitFor();
    // Running: Stop and Restart in view, with More; kill and pause are not buttons of their own.
    for (const testid of ['action-stop', 'action-restart', 'action-more']) {
      const box = await page.getByTestId(testid).boundingBox();
      expect(box, `${testid} is shown`).not.toBeNull();
      expect(box!.x + box!.width, `${testid} fits in 390 px`).toBeLessThanOrEqual(390);
      // Above the fold, under the title: what the page is for comes first.
      expect(box!.y + box!.height, `${testid} shows without scrolling`).toBeLessThanOrEqual(844);
    }
    expect(await page.getByTestId('action-kill').count()).toBe(0);
    expect(await more.getAttribute('aria-haspopup')).toBe('menu');
    expect(await more.getAttribute('aria-expanded')).toBe('false');

    await more.tap();
    const menu = page.getByTestId('action-more-menu');
    await menu.waitFor();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    expect(await menu.getAttribute('role')).toBe('menu');
    expect(await menu.locator('[role="menuitem"]').allTextContents()).toEqual(['Kill…', 'Pause', 'Rename…', 'Commit…', 'Duplicate / edit', 'Remove…']);
    const box = await menu.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await noSidewaysScroll(page)).toBe(0);
    // Items are big enough for a finger.
    expect((await menu.locator('[role="menuitem"]').first().boundingBox())!.height).toBeGreaterThanOrEqual(44);

    // A tap elsewhere closes it and does nothing else.
    await page.locator('#container-title').tap();
    await menu.waitFor({ state: 'detached' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await paused(id)).toBe(false);

    await more.tap();
    await menu.getByTestId('action-pause').tap();
    await expect.poll(() => paused(id), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('action-status').textContent()).toContain('paused');
    // Paused: Unpause is the button in view.
    await page.getByTestId('action-unpause').tap();
    await expect.poll(() => paused(id), { timeout: 20_000 }).toBe(false);
  });

  test('the menu by keyboard: arrows, Home, End and a letter move; Escape closes it with focus back on More; Remove from it still asks first', async () => {
    await reopenContext(PHONE);
    const name = uniqueName('menu-keys');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'] });
    const page = await login(`#/local/containers/${id}`);
    await page.getByTestId('action-more').waitFor();
    await tabTo(page, 'action-more');
    expect((await focus(page))?.ring).toBe(true);

    await page.keyboard.press('Enter');
    await page.getByTestId('action-more-menu').waitFor();
    // Opened on its first item, with the ring on it.
    await expect.poll(async () => (await focus(page))?.testid).toBe('action-kill');
    expect(await focus(page)).toMatchObject({ role: 'menuitem', ring: true });
    const moves: [string, string][] = [
      ['ArrowDown', 'action-pause'],
      ['ArrowUp', 'action-kill'],
      ['ArrowUp', 'action-remove'],
      ['ArrowDown', 'action-kill'],
      ['End', 'action-remove'],
      ['Home', 'action-kill'],
      ['c', 'action-commit'],
      ['r', 'action-remove'],
      ['r', 'action-rename'],
    ];
    for (const [key, testid] of moves) {
      await page.keyboard.press(key);
      expect((await focus(page))?.testid, `after ${key}`).toBe(testid);
      expect((await focus(page))?.ring, `ring after ${key}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await page.getByTestId('action-more-menu').waitFor({ state: 'detached' });
    expect((await focus(page))?.testid).toBe('action-more');
    expect(await page.getByTestId('action-more').getAttribute('aria-expanded')).toBe('false');

    // ArrowUp on the button opens it on the last item: Remove, which asks before anything goes.
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await focus(page))?.testid).toBe('action-remove');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm').waitFor();
    expect(await page.getByTestId('confirm-lost').textContent()).toContain('running');
    await expect.poll(async () => (await focus(page))?.inside).toContain('confirm');
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focus(page))?.testid).toBe('action-more');
    expect((await janitor.inspect(id))?.State.Running).toBe(true);

    // Tab from an open menu closes it and moves on.
    await page.keyboard.press('Enter');
    await page.getByTestId('action-more-menu').waitFor();
    await page.keyboard.press('Tab');
    await page.getByTestId('action-more-menu').waitFor({ state: 'detached' });
    expect((await focus(page))?.inside ?? []).not.toContain('action-more-menu');
  });
});

describe('panels by keyboard: focus held inside, Escape closes, focus back on the opener', () => {
  test('rename: the form holds focus; Escape renames nothing; typed and Enter, the engine knows the new name', async () => {
    await reopenContext(PHONE);
    const name = uniqueName('kb-rename');
    const id = janitor.track(await janitor.create(name, { Cmd: ['sleep', '600'] }));
    const page = await login(`#/local/containers/${id}`);
    await page.getByTestId('action-more').waitFor();
    await tabTo(page, 'action-more');
    await page.keyboard.press('Enter');
    await page.keyboard.press('r');
    expect((await focus(page))?.testid).toBe('action-rename');
    await page.keyboard.press('Enter');
    await page.getByTestId('action-rename-form').waitFor();
    // It starts in the name field.
    await expect.poll(async () => (await focus(page))?.testid).toBe('action-rename-input');
    await tabStaysInside(page, 'action-rename-form', 5);
    await page.keyboard.press('Escape');
    await page.getByTestId('action-rename-form').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focus(page))?.testid).toBe('action-more');
    expect((await janitor.inspect(id))?.Name).toBe(`/${name}`);

    const next = uniqueName('kb-renamed');
    janitor.track(next);
    await page.keyboard.press('Enter');
    await page.keyboard.press('r');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focus(page))?.testid).toBe('action-rename-input');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(next);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await janitor.inspect(id))?.Name, { timeout: 20_000 }).toBe(`/${next}`);
  });

  test('commit: the form holds focus; Escape commits nothing and gives focus back to More', async () => {
    await reopenContext(PHONE);
    const name = uniqueName('kb-commit');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'] });
    const page = await login(`#/local/containers/${id}`);
    await page.getByTestId('action-more').waitFor();
    await tabTo(page, 'action-more');
    await page.keyboard.press('Enter');
    await page.keyboard.press('c');
    await page.keyboard.press('Enter');
    await page.getByTestId('action-commit-form').waitFor();
    await expect.poll(async () => (await focus(page))?.testid).toBe('commit-repo');
    await tabStaysInside(page, 'action-commit-form', 9);
    await page.keyboard.press('Escape');
    await page.getByTestId('action-commit-form').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focus(page))?.testid).toBe('action-more');
    // Nothing was committed under the name the form offered.
    expect((await engineRequest(janitor.socket, 'GET', `/images/${name}:latest/json`)).status).toBe(404);
  });

  test('image tag, push and remove: each panel holds focus and gives it back to its button; a tag typed by keyboard reaches the engine', async () => {
    await reopenContext(PHONE);
    const source = await janitor.create(uniqueName('kb-image-src'), { Cmd: ['sh'] }, false);
    const repo = uniqueName('porthole-kb');
    images.push(`${repo}:v1`);
    const { Id: imageId } = await engineJson<{ Id: string }>(janitor.socket, 'POST', `/commit?container=${source}&repo=${repo}&tag=v1`, { Cmd: ['sleep', '600'] });
    const page = await login(`#/local/images/${imageId}`);
    await page.getByTestId('image-tag-open').waitFor();
    // One row: Run… first, Remove… last, all in 390 px.
    const row = await page.locator('.image-action-buttons [data-testid]').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.testid));
    expect(row).toEqual(['image-run', 'image-tag-open', 'image-push-open', 'image-remove-open']);
    expect(await noSidewaysScroll(page)).toBe(0);

    // Tag: opens in the repository field, Tab stays inside, Escape gives focus back to Tag….
    await tabTo(page, 'image-tag-open');
    await page.keyboard.press('Enter');
    await page.getByTestId('image-tag-form').waitFor();
    await expect.poll(async () => (await focus(page))?.testid).toBe('image-tag-repo');
    await tabStaysInside(page, 'image-tag-form', 5);
    await page.keyboard.press('Escape');
    await page.getByTestId('image-tag-form').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focus(page))?.testid).toBe('image-tag-open');

    // Again, typed and sent with Enter: the engine holds the new tag; the push panel comes next, holding focus.
    const tagged = `${repo}-copy`;
    images.push(`${tagged}:kb`);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focus(page))?.testid).toBe('image-tag-repo');
    await page.keyboard.type(tagged);
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('kb');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await engineRequest(janitor.socket, 'GET', `/images/${tagged}:kb/json`)).status, { timeout: 20_000 }).toBe(200);
    await page.getByTestId('image-push-panel').waitFor();
    await expect.poll(async () => (await focus(page))?.testid).toBe('image-push-ref');
    await tabStaysInside(page, 'image-push-panel', 3);
    await page.keyboard.press('Escape');
    await page.getByTestId('image-push-panel').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focus(page))?.testid).toBe('image-push-open');

    // Push from its own button: same.
    await page.keyboard.press('Enter');
    await page.getByTestId('image-push-panel').waitFor();
    await expect.poll(async () => (await focus(page))?.testid).toBe('image-push-ref');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focus(page))?.testid).toBe('image-push-open');

    // Remove: the question holds focus; Escape removes nothing.
    await tabTo(page, 'image-remove-open', 5);
    await page.keyboard.press('Enter');
    await page.getByTestId('image-remove').waitFor();
    await expect.poll(async () => (await focus(page))?.inside).toContain('confirm');
    await tabStaysInside(page, 'confirm', 6);
    await page.keyboard.press('Escape');
    await page.getByTestId('image-remove').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focus(page))?.testid).toBe('image-remove-open');
    expect((await engineRequest(janitor.socket, 'GET', `/images/${imageId}/json`)).status).toBe(200);
  });
});
