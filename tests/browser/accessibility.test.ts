// axe-core over every route of the PWA, at 1280 and 390 px, in the light and the dark theme, against the
// private engine with a container (running, in a compose project, privileged), a network, a volume, a
// swarm service and the fixture images present, so each page shows real content. Dialogs and panels that
// open from actions (confirmations, the create form, prune preview, the shortcuts list, the phone section
// menu) are checked open too. Any serious or critical finding fails, named by route, size, theme, rule, node.
// At 390 px nothing on a route is wider than its box (the page, a card, a section or a form).
// Then the keyboard: every control Tab reaches shows a focus ring of 3:1 or more against what is around it,
// in both themes; a list row opens with Enter; a console opens and runs a command typed by keyboard; a
// container is stopped by keyboard alone (the engine then says so); confirmations and menus hold focus,
// close on Escape and give focus back (the container page's "More" menu and the panels opened from it and
// from an image's actions: tests/browser/action-menu.test.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { INVENTORY_LABEL, cleanupInventory, createContainer, startContainer, uniqueName } from '../support/inventory.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const socket = env.engineSocket;
const name = uniqueName('a11y-web');
const risky = uniqueName('a11y-priv');
const composed = uniqueName('a11y-compose');
const project = uniqueName('a11yproj');
const network = uniqueName('a11y-net');
const volume = uniqueName('a11y-vol');
const service = uniqueName('a11y-svc');
const keyed = uniqueName('a11y-keys');

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const { login, context, proxy } = useProxyAndContext({
  cleanup: async () => {
    await engineRequest(socket, 'POST', '/swarm/leave?force=true');
    await cleanupInventory(socket, [volume], [network]);
  },
});

beforeAll(async () => {
  await engineJson(socket, 'POST', '/volumes/create', { Name: volume });
  await engineJson(socket, 'POST', '/networks/create', { Name: network });
  await startContainer(socket, await createContainer(socket, { name, image: env.fixtures.plain.ref, volume, network }));
  const labels = { 'com.docker.compose.project': project, 'com.docker.compose.service': 'web' };
  await startContainer(socket, await createContainer(socket, { name: composed, image: env.fixtures.plain.ref, labels }));
  // The keyboard tests' own: they open a console in it and stop it.
  await startContainer(socket, await createContainer(socket, { name: keyed, image: env.fixtures.plain.ref }));
  // A container with a way into the host, so the host-risk page lists one.
  await engineJson(socket, 'POST', `/containers/create?name=${risky}`, {
    Image: env.fixtures.plain.ref,
    Cmd: ['sleep', '3600'],
    Labels: { [INVENTORY_LABEL]: '1' },
    HostConfig: { Privileged: true },
  });
  // A swarm with one service, so the swarm page and a service page have content.
  await engineRequest(socket, 'POST', '/swarm/leave?force=true');
  await engineJson(socket, 'POST', '/swarm/init', { ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
  await engineJson(socket, 'POST', '/services/create', {
    Name: service,
    TaskTemplate: { ContainerSpec: { Image: env.fixtures.plain.ref, Command: ['sleep', '3600'] } },
    Mode: { Replicated: { Replicas: 1 } },
  });
});

/** Every route of the router (web/src/routes/router.ts), with real ids. */
function routes(): string[] {
  const e = 'local';
  const image = env.fixtures.history.id;
  const repo = encodeURIComponent(`${env.fixtures.single.registry}/${env.fixtures.single.repo}`);
  return [
    `#/${e}`,
    `#/${e}/risks`,
    `#/${e}/images`,
    `#/${e}/images/${image}`,
    `#/${e}/images/${image}/history`,
    `#/${e}/images/${image}/layers`,
    `#/${e}/layers`,
    `#/${e}/layers/compare?a=${encodeURIComponent(env.fixtures.shareA.ref)}&b=${encodeURIComponent(env.fixtures.shareB.ref)}`,
    `#/${e}/containers`,
    `#/${e}/containers?group=project`,
    `#/${e}/containers/${name}`,
    `#/${e}/containers/${name}/logs`,
    `#/${e}/containers/${name}/diff`,
    `#/${e}/containers/${name}/files`,
    `#/${e}/containers/${name}/console`,
    `#/${e}/containers/new`,
    `#/${e}/containers/new?from=${name}`,
    `#/${e}/compose/${project}`,
    `#/${e}/logs?c=${name},${composed}`,
    `#/${e}/stats`,
    `#/${e}/networks`,
    `#/${e}/networks/${network}`,
    `#/${e}/volumes`,
    `#/${e}/volumes/${volume}`,
    `#/${e}/registries`,
    `#/${e}/registries/${repo}`,
    `#/${e}/system`,
    `#/${e}/build`,
    `#/${e}/engines`,
    `#/${e}/swarm`,
    `#/${e}/swarm/${service}`,
    '#/_phone',
    `#/${e}/no-such-section`,
  ];
}

/** What opens from an action: the route, how to open it, and what must then be there. */
interface Opened {
  label: string;
  hash: string;
  open: (page: Page) => Promise<void>;
}

const click = (testId: string, then: string) => async (page: Page) => {
  await page.getByTestId(testId).click();
  await page.getByTestId(then).first().waitFor();
};

/** An action the container page keeps under "More". */
const fromMore = (testId: string, then: string) => async (page: Page) => {
  await page.getByTestId('action-more').click();
  await page.locator(`[data-testid="action-more-menu"] [data-testid="${testId}"]`).click();
  await page.getByTestId(then).first().waitFor();
};

function openedByActions(): Opened[] {
  return [
    { label: 'stop confirmation', hash: `#/local/containers/${name}`, open: click('action-stop', 'confirm') },
    { label: 'more menu', hash: `#/local/containers/${name}`, open: click('action-more', 'action-more-menu') },
    { label: 'remove confirmation', hash: `#/local/containers/${name}`, open: fromMore('action-remove', 'confirm') },
    { label: 'rename form', hash: `#/local/containers/${name}`, open: fromMore('action-rename', 'action-rename-form') },
    { label: 'commit form', hash: `#/local/containers/${name}`, open: fromMore('action-commit', 'action-commit-form') },
    { label: 'image tag', hash: `#/local/images/${env.fixtures.history.id}`, open: click('image-tag-open', 'image-tag-form') },
    { label: 'image push', hash: `#/local/images/${env.fixtures.history.id}`, open: click('image-push-open', 'image-push-panel') },
    { label: 'volume remove', hash: `#/local/volumes/${volume}`, open: click('volume-remove-open', 'volume-remove') },
    { label: 'network remove', hash: `#/local/networks/${network}`, open: click('network-remove-open', 'network-remove') },
    { label: 'image remove', hash: `#/local/images/${env.fixtures.history.id}`, open: click('image-remove-open', 'image-remove') },
    { label: 'prune preview', hash: '#/local/system', open: click('prune-preview-button', 'prune-preview') },
    {
      label: 'shortcuts dialog',
      hash: '#/local/containers',
      open: async (page) => {
        await page.locator('body').press('?');
        await page.getByTestId('shortcuts').waitFor();
      },
    },
  ];
}

/** Opens the route and waits until nothing on it is loading any more. */
async function open(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
  await page
    .waitForFunction(
      () => document.querySelector('main .page, main .state, .phone-page, main .card') !== null && document.querySelector('main .state-loading, main [aria-busy="true"]') === null,
      undefined,
      { timeout: 60_000 },
    )
    .catch(async (cause: Error) => {
      const busy = await page.evaluate(() => [...document.querySelectorAll('main .state-loading, main [aria-busy="true"]')].map((el) => el.outerHTML.slice(0, 200)));
      throw new Error(`${hash} did not finish loading: ${cause.message}; still busy: ${busy.join(' | ') || 'no page or state in main'}`);
    });
}

interface Finding {
  rule: string;
  impact: string;
  nodes: { target: string; summary: string }[];
}

/** Runs axe on the page as it is; returns the serious and critical violations. */
async function axeFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type AxeNode = { target: unknown[]; failureSummary?: string };
    type AxeResult = { id: string; impact: string | null; nodes: AxeNode[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeResult[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        impact: v.impact ?? '',
        nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240) })),
      }));
  });
}

/** At 390 px: the page, or a card, section or form on it, wider than its box (a table scrolls inside its own box and is fine). */
async function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`the page is ${root.scrollWidth}px wide`);
    for (const el of document.querySelectorAll<HTMLElement>('main .card, main section, main form, main .page')) {
      if (getComputedStyle(el).overflowX !== 'visible' || el.getClientRects().length === 0) continue;
      const over = el.scrollWidth - el.clientWidth;
      if (over > 1) found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} is ${over}px wider than its box`);
    }
    return found;
  });
}

const describeFindings = (where: string, findings: Finding[]): string[] =>
  findings.flatMap((f) => f.nodes.map((n) => `${where} · ${f.rule} (${f.impact}) · ${n.target} · ${n.summary}`));

const SIZES = [
  { name: '1280px', viewport: { width: 1280, height: 900 } },
  { name: '390px', viewport: { width: 390, height: 844 } },
] as const;
const THEMES = ['light', 'dark'] as const;
const COMBOS = SIZES.flatMap((size) => THEMES.map((theme) => ({ size, theme })));

let storage: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

/** A context of its own (size, theme) with the session of the file's one login. */
async function signedInContext(options: BrowserContextOptions): Promise<BrowserContext> {
  if (!storage) {
    await (await login('#/local')).close();
    storage = await context().storageState();
  }
  const browser = context().browser();
  if (!browser) throw new Error('no browser behind the context');
  return browser.newContext({ ignoreHTTPSErrors: true, ...options, storageState: storage });
}

describe('axe-core finds nothing serious', () => {
  test.each(COMBOS)('every route at $size.name, $theme', async ({ size, theme }) => {
    const combo = await signedInContext({ viewport: size.viewport, colorScheme: theme });
    const found: string[] = [];
    try {
      const page = await combo.newPage();
      await page.goto(`${proxy().origin}/#/local`);
      await page.getByTestId('session-role').waitFor();
      for (const hash of routes()) {
        await open(page, hash);
        found.push(...describeFindings(`${hash} @ ${size.name} ${theme}`, await axeFindings(page)));
        if (size.name === '390px') found.push(...(await sideways(page)).map((what) => `${hash} @ ${size.name} ${theme} · sideways · ${what}`));
      }
      for (const action of openedByActions()) {
        await open(page, action.hash);
        await action.open(page);
        found.push(...describeFindings(`${action.hash} [${action.label}] @ ${size.name} ${theme}`, await axeFindings(page)));
        await page.keyboard.press('Escape');
      }
      if (size.name === '390px') {
        await open(page, '#/local/containers');
        await page.getByTestId('nav-menu-button').click();
        found.push(...describeFindings(`#/local/containers [section menu] @ ${size.name} ${theme}`, await axeFindings(page)));
      }
      // Signed out: the login page and the public "Add a phone" page.
      await combo.clearCookies();
      for (const hash of ['#/', '#/_phone']) {
        await page.goto(`${proxy().origin}/${hash}`);
        await page.reload();
        await page.locator(hash === '#/' ? '[data-testid="login-token"]' : '.phone-standalone').waitFor();
        found.push(...describeFindings(`${hash} signed out @ ${size.name} ${theme}`, await axeFindings(page)));
      }
    } finally {
      await combo.close();
    }
    expect(found).toEqual([]);
  }, 300_000);
});

/** What has keyboard focus, and the ring it shows: its colour's contrast with the colour around it. */
interface Focused {
  what: string;
  testid: string | null;
  /** The focused element is a list row's name link; its row's data-name. */
  row: string | null;
  inPanel: boolean;
  ring: string | null;
  contrast: number;
}

async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return null;
    const rgba = (color: string): [number, number, number, number] | null => {
      const n = color.match(/[\d.]+/g)?.map(Number);
      if (!n || n.length < 3 || !color.startsWith('rgb')) return null;
      return [n[0]!, n[1]!, n[2]!, n[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) =>
      [r!, g!, b!].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    // The ring: an outline of 2px or more (on the element, or on the ::after that covers a list row), else a box-shadow.
    let ring: { color: string; around: Element | null } | null = null;
    for (const pseudo of [null, '::after'] as const) {
      const style = getComputedStyle(el, pseudo);
      if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
        ring = { color: style.outlineColor, around: pseudo || parseFloat(style.outlineOffset) < 0 ? el : el.parentElement };
        break;
      }
    }
    const shadow = getComputedStyle(el).boxShadow;
    if (!ring && shadow !== 'none') ring = { color: shadow.match(/rgba?\([^)]*\)/g)?.pop() ?? '', around: el.parentElement };
    let contrast = 0;
    if (ring) {
      let bg: [number, number, number, number] = [255, 255, 255, 1];
      for (let node = ring.around; node; node = node.parentElement) {
        const c = rgba(getComputedStyle(node).backgroundColor);
        if (c && c[3] > 0) {
          bg = c;
          break;
        }
      }
      const fg = rgba(ring.color);
      if (fg) {
        const mixed = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i]! * (1 - fg[3]));
        const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
        contrast = (a! + 0.05) / (b! + 0.05);
      }
    }
    const label = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return {
      what: `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${label}"`,
      testid: el.dataset.testid ?? null,
      row: el.classList.contains('row-anchor') ? (el.closest<HTMLElement>('[data-name]')?.dataset.name ?? null) : null,
      inPanel: el.closest('[data-testid="confirm"], [role="alertdialog"], dialog[open], .nav-menu[open]') !== null,
      ring: ring?.color ?? null,
      contrast: Math.round(contrast * 100) / 100,
    };
  });
}

/** Presses Tab until `until` holds (at most `max` times); returns every control passed on the way. */
async function tabTo(page: Page, until: (f: Focused) => boolean, max = 80): Promise<Focused[]> {
  const passed: Focused[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (!now) continue;
    passed.push(now);
    if (until(now)) return passed;
  }
  throw new Error(`Tab never reached the control; passed: ${passed.map((f) => f.what).join(', ')}`);
}

/** Controls whose focus ring is missing or below 3:1. */
const badRings = (passed: Focused[]): string[] => passed.filter((f) => !f.ring || f.contrast < 3).map((f) => `${f.what}: ${f.ring ?? 'no ring'} at ${f.contrast}:1`);

async function keyboardPage(theme: (typeof THEMES)[number], hash: string): Promise<{ page: Page; combo: BrowserContext }> {
  const combo = await signedInContext({ viewport: { width: 1280, height: 900 }, colorScheme: theme });
  const page = await combo.newPage();
  await page.goto(`${proxy().origin}/${hash}`);
  await page.getByTestId('session-role').waitFor();
  return { page, combo };
}

describe('keyboard', () => {
  test.each(THEMES)('every control on the list and the container page shows a visible focus ring (%s); Enter opens a row', async (theme) => {
    const { page, combo } = await keyboardPage(theme, '#/local/containers');
    try {
      await page.locator(`[data-testid="container-row"][data-name="${keyed}"]`).waitFor();
      const list = await tabTo(page, (f) => f.row === keyed, 200);
      expect(list.some((f) => f.testid === 'nav-images')).toBe(true);
      expect(badRings(list)).toEqual([]);
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/local\/containers\/[0-9a-f]{64}$/);
      await page.getByTestId('lifecycle').waitFor();
      const pageControls = await tabTo(page, (f) => f.testid === 'action-more');
      // And the items of its "More" menu.
      await page.keyboard.press('Enter');
      await page.getByTestId('action-more-menu').waitFor();
      for (let i = 0; i < 6; i++) {
        const item = await focused(page);
        if (item) pageControls.push(item);
        await page.keyboard.press('ArrowDown');
      }
      expect(pageControls.filter((f) => f.testid === 'action-remove')).toHaveLength(1);
      expect(badRings(pageControls)).toEqual([]);
    } finally {
      await combo.close();
    }
  });

  test('a console opens by keyboard and runs what is typed; the engine holds its result', async () => {
    const { page, combo } = await keyboardPage('light', `#/local/containers/${keyed}`);
    try {
      await page.getByTestId('lifecycle').waitFor();
      await tabTo(page, (f) => f.testid === 'container-console-link');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/console$/);
      const panel = page.locator('[data-testid="console-tab-panel"]:not([hidden])');
      await panel.locator('[data-testid="console-terminal"][data-phase="open"]').waitFor({ timeout: 20_000 });
      // The terminal takes focus by itself: what is typed goes to the shell.
      await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea') ?? false)).toBe(true);
      await page.keyboard.type('touch /tmp/typed-by-keyboard');
      await page.keyboard.press('Enter');
      await expect
        .poll(async () => (await engineRequest(socket, 'GET', `/containers/${keyed}/archive?path=${encodeURIComponent('/tmp/typed-by-keyboard')}`)).status, { timeout: 10_000 })
        .toBe(200);
    } finally {
      await combo.close();
    }
  });

  test('a container is stopped by keyboard alone; the confirmation holds focus, Escape cancels and gives focus back', async () => {
    const { page, combo } = await keyboardPage('dark', `#/local/containers/${keyed}`);
    try {
      await page.getByTestId('lifecycle').waitFor();
      await tabTo(page, (f) => f.testid === 'action-stop');
      await page.keyboard.press('Enter');
      await page.getByTestId('confirm').waitFor();
      expect((await focused(page))?.inPanel).toBe(true);
      // Escape cancels: the question goes, focus is back on Stop, the container still runs.
      await page.keyboard.press('Escape');
      await page.getByTestId('confirm').waitFor({ state: 'detached' });
      expect((await focused(page))?.testid).toBe('action-stop');
      // Again; Tab goes round inside the confirmation (more presses than it has controls) and never leaves it.
      await page.keyboard.press('Enter');
      await page.getByTestId('confirm').waitFor();
      for (let i = 0; i < 7; i++) {
        await page.keyboard.press('Tab');
        const now = await focused(page);
        expect(now?.inPanel, `Tab left the confirmation for ${now?.what}`).toBe(true);
        expect(badRings(now ? [now] : [])).toEqual([]);
      }
      const yes = await tabTo(page, (f) => f.testid === 'confirm-yes', 6);
      expect(yes.every((f) => f.inPanel)).toBe(true);
      await page.keyboard.press('Enter');
      await expect
        .poll(async () => (await engineJson<{ State: { Running: boolean } }>(socket, 'GET', `/containers/${keyed}/json`)).State.Running, { timeout: 20_000 })
        .toBe(false);
      await page.getByTestId('action-start').waitFor();
    } finally {
      await combo.close();
    }
  });

  test('the prune question takes focus when the preview is there; Escape drops it and focus is back on the preview button', async () => {
    const { page, combo } = await keyboardPage('light', '#/local/system');
    try {
      await page.getByTestId('prune-panel').waitFor();
      await tabTo(page, (f) => f.testid === 'prune-preview-button', 120);
      await page.keyboard.press('Enter');
      await page.getByTestId('prune-confirm').waitFor({ timeout: 30_000 });
      await expect.poll(async () => (await focused(page))?.inPanel).toBe(true);
      await page.keyboard.press('Tab');
      expect((await focused(page))?.inPanel).toBe(true);
      await page.keyboard.press('Escape');
      await page.getByTestId('prune-preview').waitFor({ state: 'detached' });
      await expect.poll(async () => (await focused(page))?.testid).toBe('prune-preview-button');
    } finally {
      await combo.close();
    }
  });

  test('the shortcuts dialog and the phone section menu open by keyboard, close on Escape, and give focus back', async () => {
    const { page, combo } = await keyboardPage('light', '#/local/containers');
    try {
      await page.locator('[data-testid="container-row"]').first().waitFor();
      await tabTo(page, (f) => f.testid === 'nav-images');
      await page.keyboard.press('?');
      await page.locator('dialog[data-testid="shortcuts"][open]').waitFor();
      expect((await focused(page))?.inPanel).toBe(true);
      await page.keyboard.press('Escape');
      await page.locator('dialog[data-testid="shortcuts"]:not([open])').waitFor({ state: 'attached' });
      expect((await focused(page))?.testid).toBe('nav-images');

      await page.setViewportSize({ width: 390, height: 844 });
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const toMenu = await tabTo(page, (f) => f.testid === 'nav-menu-button');
      expect(badRings(toMenu)).toEqual([]);
      await page.keyboard.press('Enter');
      await page.locator('.nav-menu[open] [data-testid="nav-volumes"]').waitFor();
      await tabTo(page, (f) => f.testid === 'nav-volumes', 10);
      await page.keyboard.press('Escape');
      await page.locator('.nav-menu:not([open])').waitFor({ state: 'attached' });
      expect((await focused(page))?.testid).toBe('nav-menu-button');
      // And a link in it works by keyboard.
      await page.keyboard.press('Enter');
      await tabTo(page, (f) => f.testid === 'nav-volumes', 10);
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/local\/volumes$/);
    } finally {
      await combo.close();
    }
  });
});
