// Any number of live views at once: ten tabs, each with a live container list, a log follow, live stats and
// a console, all open together, and every one shows live data. Over HTTP/1.1 Chromium allows six
// connections per origin and the seventh stream waits forever; the proxy serves HTTP/2, where a tab's
// fetches and streams share one connection (consoles are WebSockets, with their own, larger limit).
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const { login, context, proxy } = useProxyAndContext({ cleanup: () => janitor.cleanup() });
const TABS = Number(process.env.PORTHOLE_TABS ?? 10);

async function logCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('logs-count').getAttribute('data-count'));
}

test(`${TABS} tabs, each with a live list, a log follow, stats and a console: all live at once`, async () => {
  // One container prints a line every half second and burns a little CPU: logs and stats keep moving.
  const id = await janitor.create(uniqueName('tabs'), { Cmd: ['sh', '-c', 'i=0; while :; do echo "line $i"; i=$((i+1)); sleep 0.5; done'] });
  const first = await login('#/local/containers');
  const origin = proxy().origin;
  const open = async (hash: string, existing?: Page) => {
    const page = existing ?? (await context().newPage());
    await page.goto(`${origin}/${hash}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    return page;
  };
  const tabs: { list: Page; logs: Page; stats: Page; console: Page }[] = [];
  for (let i = 0; i < TABS; i++) {
    tabs.push({
      list: await open('#/local/containers', i === 0 ? first : undefined),
      logs: await open(`#/local/containers/${id}/logs`),
      stats: await open(`#/local/containers/${id}`),
      console: await open(`#/local/containers/${id}/console`),
    });
  }
  // All pages stay open; now each must show live data.
  const protocols = new Set<string>();
  for (const [i, tab] of tabs.entries()) {
    await expect.poll(() => tab.list.getByTestId('live-status').getAttribute('data-state'), { timeout: 30_000, message: `tab ${i} list` }).toBe('live');
    const before = await logCount(tab.logs).catch(() => 0);
    await expect.poll(() => logCount(tab.logs), { timeout: 30_000, message: `tab ${i} log follow` }).toBeGreaterThan(before + 1);
    const stats = tab.stats.getByTestId('container-stats');
    await expect.poll(async () => Number(await stats.getAttribute('data-samples')), { timeout: 30_000, message: `tab ${i} stats` }).toBeGreaterThan(2);
    await tab.console.locator('[data-testid="console-tab-panel"]:not([hidden]) [data-testid="console-terminal"][data-phase="open"]').waitFor({ timeout: 30_000 });
    // Every API call of every tab went over HTTP/2.
    for (const page of [tab.list, tab.logs, tab.stats]) {
      for (const p of await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/api/')).map((e) => e.nextHopProtocol))) protocols.add(p);
    }
  }
  // A request the page ended itself (a stream closed on leaving a view) reports no protocol: only the others say how they came.
  protocols.delete('');
  expect([...protocols]).toEqual(['h2']);
  // The consoles are real sessions in the container, one per tab.
  const top = await engineJson<{ Processes: string[][] | null }>(janitor.socket, 'GET', `/containers/${id}/top?ps_args=-eo%20pid,args`);
  const shells = (top.Processes ?? []).filter((p) => /\b(ba|a)?sh$/.test(p.join(' ').trim()) && !p.join(' ').includes('while'));
  expect(shells.length).toBeGreaterThanOrEqual(TABS);
  // And the first tab's list still follows the engine: a new container appears without a reload.
  const name = uniqueName('tabs-new');
  await janitor.create(name, { Cmd: ['sleep', '600'] });
  await expect.poll(() => tabs[0]!.list.getByText(name).count(), { timeout: 20_000 }).toBeGreaterThan(0);
}, 300_000);
