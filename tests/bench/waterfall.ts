// What runs before the container list's first row, cold and warm: every request's start and end, the app's
// performance marks, long tasks and the main thread's script time, per load. A tool to find the critical path
// (issue 18 budgets 1-2), not a budget: nothing is written to the docs.
//
//   npx tsx tests/bench/waterfall.ts [--containers 50,2000] [--loads 2] [--no-cold] [--profile] [--web-root DIR ...]
//
// --profile adds the functions with the most self time (a CPU profile per load; build with `--minify false` to read
// the names).
//
// Each --web-root adds a build of the PWA (a dist/web) served by its own proxy child, measured in turn with
// this checkout's dist/web.
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser.ts';
import { engineJson } from '../harness/engine-client.ts';
import { startTestEnv } from '../harness/env.ts';
import { storedInventoryHolds } from '../support/inventory.ts';
import { createContainers, removeContainers, signedInContext } from './lists.ts';
import { startProxyChild, type ProxyHandle } from './lib/proxy.ts';

const LONG_TASKS = `
  window.__long = [];
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

interface Timeline {
  firstRowMs: number;
  scriptMs: number;
  lines: string[];
}

async function timeline(page: Page, scriptMs: number): Promise<Timeline> {
  const r = await page.evaluate(() => {
    const w = window as unknown as { __firstRow: Record<string, number>; __long: [number, number][] };
    const first = w.__firstRow['container-row'] ?? Number.NaN;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const rows: [number, string][] = [
      [nav.responseEnd, `document ${Math.round(nav.requestStart)}→${Math.round(nav.responseEnd)} (worker start ${Math.round(nav.workerStart)})`],
      [nav.domInteractive, 'domInteractive'],
    ];
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      if (e.startTime > first) continue;
      const u = new URL(e.name);
      rows.push([e.startTime, `${u.pathname.replace(/^\/assets\//, '')}${u.search.slice(0, 30)} ${Math.round(e.startTime)}→${Math.round(e.responseEnd)} ${e.initiatorType} ${(e.encodedBodySize / 1024).toFixed(1)} KiB`]);
    }
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('porthole:')) rows.push([m.startTime, `mark ${m.name.slice(9)}`]);
    for (const [s, d] of w.__long) if (s < first) rows.push([s, `long task ${s}→${s + d} (${d} ms)`]);
    rows.push([first, 'FIRST ROW']);
    return { first, lines: rows.sort((a, b) => a[0] - b[0]).map(([t, s]) => `${String(Math.round(t)).padStart(6)}  ${s}`) };
  });
  return { firstRowMs: r.first, scriptMs, lines: r.lines };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The functions with the most self time in a CPU profile (ms), and the total sampled. */
function topSelf(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, count = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, ms]) => `    ${ms.toFixed(1).padStart(7)} ms  ${k}`);
}

const PROFILE = process.argv.includes('--profile');

async function load(context: BrowserContext, proxy: ProxyHandle): Promise<Timeline> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  if (PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(`${proxy.origin}/#/local/containers`);
  await page.getByTestId('container-row').first().waitFor({ timeout: 60_000 });
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const scriptMs = (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? Number.NaN) * 1000;
  const t = await timeline(page, scriptMs);
  if (PROFILE) {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    t.lines.push('  self time (CPU profile, to a little after the first row):', ...topSelf(profile));
  }
  await page.close();
  return t;
}

async function cold(browser: Browser, proxy: ProxyHandle): Promise<Timeline> {
  const context = await signedInContext(browser, proxy);
  await context.addInitScript({ content: LONG_TASKS });
  try {
    return await load(context, proxy);
  } finally {
    await context.close();
  }
}

async function installed(browser: Browser, proxy: ProxyHandle): Promise<BrowserContext> {
  const context = await signedInContext(browser, proxy);
  await context.addInitScript({ content: LONG_TASKS });
  const page = await context.newPage();
  await page.goto(`${proxy.origin}/#/local/containers`);
  await page.getByTestId('container-row').first().waitFor({ timeout: 60_000 });
  // The service worker's activation, polled by the page itself.
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistrations()).some((r) => r.active?.state === 'activated'), undefined, { polling: 100, timeout: 240_000 });
  await page.reload();
  await page.getByTestId('container-row').first().waitFor({ timeout: 60_000 });
  await storedInventoryHolds(page, '"Names":', 60_000);
  await page.close();
  return context;
}

function print(label: string, t: Timeline): void {
  process.stdout.write(`\n== ${label}: first row ${Math.round(t.firstRowMs)} ms, main-thread script ${Math.round(t.scriptMs)} ms (load ${loadavg()[0]!.toFixed(1)})\n${t.lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const counts = (arg('--containers') ?? '50,2000').split(',').map(Number);
  const loads = Number(arg('--loads') ?? '2');
  const roots = argv.flatMap((a, i) => (a === '--web-root' ? [argv[i + 1]!] : []));
  const running = await startTestEnv();
  const socket = running.env.engineSocket;
  const proxies: { label: string; proxy: ProxyHandle }[] = [];
  let browser: Browser | null = null;
  try {
    for (const root of roots) proxies.push({ label: root, proxy: await startProxyChild(socket, { args: ['--web-root', root] }) });
    proxies.push({ label: 'this', proxy: await startProxyChild(socket) });
    browser = await launchBrowser();
    let made = 0;
    for (const count of counts) {
      const already = (await engineJson<unknown[]>(socket, 'GET', '/containers/json?all=1')).length;
      await createContainers(socket, running.env.fixtures.plain.ref, made, made + count - already);
      made += count - already;
      if (!argv.includes('--no-cold')) for (let i = 0; i < loads; i++) for (const p of proxies) print(`${p.label} cold ${count}`, await cold(browser, p.proxy));
      if (count === counts.at(-1)) {
        for (const p of proxies) {
          const context = await installed(browser, p.proxy);
          for (let i = 0; i < loads; i++) print(`${p.label} warm ${count}`, await load(context, p.proxy));
          await context.close();
        }
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    for (const p of proxies) await p.proxy.stop().catch(() => undefined);
    await removeContainers(socket).catch(() => undefined);
    await running.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: Error) => {
    process.stderr.write(`waterfall failed: ${e.stack ?? e.message}\n`);
    process.exitCode = 1;
  });
}
