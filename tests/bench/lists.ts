// The inventory lists at scale, in Chromium: time to the first container row and time per keystroke of the
// filter with 50, 500 and 2,000 containers (created, not started, from fixture/busybox:1), and the image list
// with 1,000 tags. Real engine (tests/harness), the real proxy in a child process, Debian's Chromium.
//
//   npx tsx tests/bench/lists.ts [--quick] [--no-doc]
//
// or from another bench: `await runListBench({ running })` with an engine already started (it leaves no
// container or tag of its own behind). Results go between the lists markers of docs/benchmarks.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, newContext } from '../harness/browser.ts';
import { engineJson, engineRequest, type ContainerCreated, type EngineVersion } from '../harness/engine-client.ts';
import { startTestEnv, type RunningTestEnv } from '../harness/env.ts';
import { ROOT, startProxyChild, type ProxyHandle } from './lib/proxy.ts';
import { listSettled, trackEngineRequests } from './lib/settled.ts';
import { percentile } from './lib/stats.ts';
import { cpuPerWindow, markTimes, traced, type TraceEvent } from './lib/traceCpu.ts';

export const LISTS_START = '<!-- lists:start -->';
export const LISTS_END = '<!-- lists:end -->';
const DOC = join(ROOT, 'docs', 'benchmarks.md');
export const LABEL = 'porthole.bench.lists';
const CONCURRENCY = 8;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
/** Typed one key at a time into the filter; narrows step by step like a person would. */
const QUERY = 'svc-delta-1';

export interface ListBenchOptions {
  /** An engine already running (e.g. from tests/bench/run.ts); otherwise one is started and stopped. */
  running?: RunningTestEnv;
  counts?: number[];
  images?: number;
  /** Page loads per count; the median is reported. */
  loads?: number;
  writeDoc?: boolean;
  log?: (message: string) => void;
  /** Runs with the largest count of containers in place (other PWA sections measure at that scale). */
  atLargest?: () => Promise<void>;
  /** Proxies serving builds of the PWA to compare (e.g. before and after a change), measured in turn; default one of its own. */
  variants?: { label: string; proxy: ProxyHandle }[];
}

export interface ListPoint {
  list: 'containers' | 'images';
  /** Which build of the PWA (with variants), else ''. */
  variant: string;
  rows: number;
  /** Navigation start → first row in the DOM, ms, one per load. */
  firstRowMs: number[];
  /** Input event → rows re-rendered and laid out (before paint), ms, one per keystroke (all loads). */
  keystrokeMs: number[];
  /** Rows in the DOM after load (the window), to show virtualization at work. */
  domRows: number;
  /** What the app itself cost before the first row (the last load's). */
  app?: AppCost;
  /** Scrolling the whole list (the last load's). */
  scroll?: ScrollResult;
  /** Thread CPU time from a Chromium trace of the same typing and scrolling (the last load's): load-independent. */
  cpu?: ListCpu;
}

/** Thread CPU ms from a trace: per keystroke (everything the page did until the next key) and per scrolled frame. */
export interface ListCpu {
  keyMain: number[];
  frameMain: number[];
  /** The display compositor (software drawing without a GPU), in the GPU process. */
  frameViz: number[];
}

/** The app's own cold cost: what it loaded before the first row showed. */
export interface AppCost {
  /** Scripts loaded before the first row: name (hash stripped) and bytes over the wire / decoded. */
  scripts: { name: string; encoded: number; decoded: number }[];
  cssBytes: number;
  /** Main-thread script time (CDP Performance.getMetrics ScriptDuration) when the first row had shown. */
  scriptMs: number;
  /** Response end of the list request (/containers/json or /images/json), ms from navigation start. */
  listAnsweredMs: number;
}

export interface ScrollResult {
  frames: number;
  fps: number;
  /** Frame intervals, ms. */
  p50: number;
  p95: number;
  worst: number;
  /** Intervals longer than 1.5 frames (a visible stutter). */
  dropped: number;
}

export interface ListBenchResult {
  points: ListPoint[];
  markdown: string;
  engine: string;
  createSeconds: number;
}

export async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

export const containerName = (i: number): string => `svc-${WORDS[i % WORDS.length]}-${i}`;

export async function createContainers(socket: string, image: string, from: number, to: number): Promise<void> {
  const indexes = Array.from({ length: to - from }, (_, k) => from + k);
  await pool(indexes, CONCURRENCY, async (i) => {
    await engineJson<ContainerCreated>(socket, 'POST', `/containers/create?name=${containerName(i)}`, {
      Image: image,
      Cmd: ['sleep', '1'],
      Labels: { [LABEL]: '1', tier: WORDS[i % 3]! },
      HostConfig: { NetworkMode: 'none' },
    });
  });
}

export async function removeContainers(socket: string): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ label: [LABEL] }));
  const list = await engineJson<{ Id: string }[]>(socket, 'GET', `/containers/json?all=1&filters=${filters}`);
  await pool(list, CONCURRENCY, async (c) => {
    await engineRequest(socket, 'DELETE', `/containers/${c.Id}?force=1`);
  });
}

const tagRepo = (i: number): string => `bench/${WORDS[i % WORDS.length]}-img-${i}`;

async function tagImages(socket: string, image: string, count: number): Promise<void> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  await pool(indexes, CONCURRENCY, async (i) => {
    await engineJson(socket, 'POST', `/images/${image}/tag?repo=${encodeURIComponent(tagRepo(i))}&tag=1`);
  });
}

async function untagImages(socket: string, count: number): Promise<void> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  await pool(indexes, CONCURRENCY, async (i) => {
    await engineRequest(socket, 'DELETE', `/images/${tagRepo(i)}:1`);
  });
}

/** Records, in the page, when the first row of a list appears (performance.now(), from navigation start). */
export const FIRST_ROW_PROBE = `
  window.__firstRow = {};
  new MutationObserver(() => {
    for (const id of ['container-row', 'image-row']) {
      if (window.__firstRow[id] === undefined && document.querySelector('[data-testid="' + id + '"]')) {
        window.__firstRow[id] = performance.now();
      }
    }
  }).observe(document, { childList: true, subtree: true });
`;

/**
 * Types `text` into the filter one key at a time and times each key: the input event's handlers (URL,
 * filter, re-rendered window of rows) plus style and layout, i.e. the work before the next paint. A string, so the bundler's helpers (tsx adds __name) stay out of the page.
 */
function typingScript(inputTestId: string, text: string): string {
  return `(async () => {
    const input = document.querySelector('[data-testid="${inputTestId}"]');
    if (!input) throw new Error('no filter input');
    input.focus();
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const text = ${JSON.stringify(text)};
    const times = [];
    for (let i = 1; i <= text.length; i++) {
      await frame();
      performance.mark('bench:key');
      const t0 = performance.now();
      input.value = text.slice(0, i);
      input.dispatchEvent(new InputEvent('input', { bubbles: true, data: text[i - 1] }));
      // Solid updates the DOM synchronously; forcing style and layout here adds what the
      // browser must do before it can paint the frame.
      document.documentElement.getBoundingClientRect();
      void document.body.offsetHeight;
      times.push(performance.now() - t0);
      await frame();
    }
    performance.mark('bench:end');
    return times;
  })()`;
}

export /** Scrolls the page down by 2.2 rows a frame for 180 frames and back to the top; returns the frame intervals' summary. */
const SCROLL_SCRIPT = `(async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame((t) => resolve(t)));
  window.scrollTo(0, 0);
  await frame();
  await frame();
  const intervals = [];
  let last = await frame();
  for (let i = 0; i < 180; i++) {
    performance.mark('bench:frame');
    window.scrollBy(0, 97);
    const t = await frame();
    intervals.push(t - last);
    last = t;
  }
  performance.mark('bench:end');
  window.scrollTo(0, 0);
  const sorted = [...intervals].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const total = intervals.reduce((a, b) => a + b, 0);
  return { frames: intervals.length, fps: (intervals.length * 1000) / total, p50: at(50), p95: at(95), worst: sorted[sorted.length - 1], dropped: intervals.filter((v) => v > 25).length };
})()`;

async function appCost(page: import('playwright-core').Page, scriptMs: number, firstRowMs: number, listPath: string): Promise<AppCost> {
  const entries = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => {
      const r = e as PerformanceResourceTiming;
      return { name: r.name, start: r.startTime, end: r.responseEnd, encoded: r.encodedBodySize, decoded: r.decodedBodySize, type: r.initiatorType };
    }),
  );
  const before = entries.filter((e) => e.end <= firstRowMs);
  const strip = (url: string): string => new URL(url).pathname.replace(/^\/assets\//, '').replace(/-[\w-]{8}\.js$/, '.js');
  const scripts = before.filter((e) => /\.js($|\?)/.test(e.name)).map((e) => ({ name: strip(e.name), encoded: e.encoded, decoded: e.decoded }));
  const cssBytes = before.filter((e) => /\.css($|\?)/.test(e.name)).reduce((a, e) => a + e.encoded, 0);
  const list = entries.find((e) => new URL(e.name).pathname.endsWith(listPath));
  return { scripts, cssBytes, scriptMs, listAnsweredMs: list?.end ?? Number.NaN };
}

export async function signedInContext(browser: Browser, proxy: ProxyHandle): Promise<BrowserContext> {
  // A fresh context per load: nothing cached (no IndexedDB inventory, no service worker yet).
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  const login = await context.request.post(`${proxy.origin}/auth/login`, {
    data: { token: proxy.token },
    headers: { 'X-Porthole': '1' },
  });
  if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
  await context.addInitScript({ content: FIRST_ROW_PROBE });
  return context;
}

async function measureLoad(
  browser: Browser,
  proxy: ProxyHandle,
  list: 'containers' | 'images',
  rows: number,
  options: { scroll?: boolean } = {},
): Promise<{ firstRowMs: number; keystrokeMs: number[]; domRows: number; app: AppCost; scroll?: ScrollResult; cpu?: ListCpu }> {
  if (proxy.pid !== null) {
    try {
      process.kill(proxy.pid, 0);
    } catch {
      throw new Error(`the proxy child (pid ${proxy.pid}) is gone`);
    }
  }
  const testid = list === 'containers' ? 'container-row' : 'image-row';
  const filter = list === 'containers' ? 'container-filter' : 'image-filter';
  const context = await signedInContext(browser, proxy);
  try {
    const page = await context.newPage();
    const inFlight = trackEngineRequests(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${proxy.origin}/#/local/${list}`);
    await page.getByTestId(testid).first().waitFor({ timeout: 60_000 });
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const cdpScript = (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? Number.NaN) * 1000;
    const counted = list === 'containers' ? 'container-count' : 'image-count';
    const attrName = list === 'containers' ? 'data-total' : 'data-rows';
    const total = Number(await page.getByTestId(counted).getAttribute(attrName));
    if (total < rows) throw new Error(`the ${list} list shows ${total} rows, expected at least ${rows}`);
    const firstRowMs = await page.evaluate<number>(`window.__firstRow[${JSON.stringify(testid)}]`);
    const domRows = await page.getByTestId(testid).count();
    const app = await appCost(page, cdpScript, firstRowMs, list === 'containers' ? '/containers/json' : '/images/json');
    // Settle before typing: the events stream connects and refetches what was fetched before it.
    await listSettled(page, inFlight);
    const query = list === 'containers' ? QUERY : 'delta-img-1';
    const keystrokeMs = await page.evaluate<number[]>(typingScript(filter, query));
    let scroll: ScrollResult | undefined;
    if (options.scroll) {
      // The whole list again (no filter), then scrolled through at a steady pace, a step per frame.
      await page.getByTestId(filter).fill('');
      await page.waitForFunction(([id, n]) => document.querySelectorAll(`[data-testid="${id}"]`).length >= n, [testid, domRows] as const, { timeout: 30_000 });
      scroll = await page.evaluate<ScrollResult>(SCROLL_SCRIPT);
    }
    // The same again under a trace, for the threads' CPU time (tracing slows the page a little: its wall times are not used).
    let cpu: ListCpu | undefined;
    if (options.scroll) {
      const typed = await traced(cdp, () => page.evaluate<number[]>(typingScript(filter, query)));
      await page.getByTestId(filter).fill('');
      await page.waitForFunction(([id, n]) => document.querySelectorAll(`[data-testid="${id}"]`).length >= n, [testid, domRows] as const, { timeout: 30_000 });
      const scrolled = await traced(cdp, () => page.evaluate<ScrollResult>(SCROLL_SCRIPT));
      const per = (events: TraceEvent[], mark: string, thread: string): number[] => {
        const end = markTimes(events, 'bench:end').at(-1) ?? Number.POSITIVE_INFINITY;
        return cpuPerWindow(events, thread, markTimes(events, mark), end);
      };
      cpu = {
        keyMain: per(typed.events, 'bench:key', 'CrRendererMain'),
        frameMain: per(scrolled.events, 'bench:frame', 'CrRendererMain'),
        frameViz: per(scrolled.events, 'bench:frame', 'VizCompositorThread'),
      };
    }
    return { firstRowMs, keystrokeMs, domRows, app, scroll, cpu };
  } finally {
    await context.close();
  }
}

const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);

export function renderListMarkdown(result: Omit<ListBenchResult, 'markdown'>, machine: string): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; engine ${result.engine}; ` +
      `creating the containers took ${result.createSeconds.toFixed(0)} s.`,
    '',
    '| list | PWA build | rows | time to first row (median of loads) | rows in the DOM | filter: ms per keystroke, p50 | p90 | max |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const p of result.points) {
    const sorted = [...p.keystrokeMs].sort((a, b) => a - b);
    lines.push(
      `| ${p.list} | ${p.variant || 'this one'} | ${p.rows.toLocaleString('en')} | ${fmt(median(p.firstRowMs))} ms (${p.firstRowMs.map(fmt).join(', ')}) | ${p.domRows} | ` +
        `${fmt(percentile(sorted, 50))} | ${fmt(percentile(sorted, 90))} | ${fmt(sorted.at(-1) ?? Number.NaN)} |`,
    );
  }
  const scrolled = result.points.filter((p) => p.scroll);
  if (scrolled.length > 0) {
    lines.push('', '| list | PWA build | rows | scrolling: frames | frames per second | frame p50 ms | p95 | worst | frames over 25 ms |', '|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const p of scrolled) {
      const sc = p.scroll!;
      lines.push(`| ${p.list} | ${p.variant || 'this one'} | ${p.rows.toLocaleString('en')} | ${sc.frames} | ${sc.fps.toFixed(1)} | ${fmt(sc.p50)} | ${fmt(sc.p95)} | ${fmt(sc.worst)} | ${sc.dropped} |`);
    }
  }
  const costed = result.points.filter((p) => p.cpu);
  if (costed.length > 0) {
    lines.push(
      '',
      '| list | PWA build | rows | CPU ms per keystroke (main thread), p50 | p90 | max | per scrolled frame (main), p50 | p95 | (compositor), p50 | p95 |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const p of costed) {
      const c = p.cpu!;
      const at = (values: number[], q: number): string => fmt(percentile([...values].sort((a, b) => a - b), q));
      lines.push(
        `| ${p.list} | ${p.variant || 'this one'} | ${p.rows.toLocaleString('en')} | ${at(c.keyMain, 50)} | ${at(c.keyMain, 90)} | ${at(c.keyMain, 100)} | ` +
          `${at(c.frameMain, 50)} | ${at(c.frameMain, 95)} | ${at(c.frameViz, 50)} | ${at(c.frameViz, 95)} |`,
      );
    }
  }
  for (const costed of result.points.filter((p) => p.list === 'containers' && p.app && p.rows === result.points[0]?.rows)) {
    if (!costed.app) continue;
    const a = costed.app;
    const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
    const enc = a.scripts.reduce((x, e) => x + e.encoded, 0);
    const dec = a.scripts.reduce((x, e) => x + e.decoded, 0);
    lines.push(
      '',
      `The app's cold cost before the first row (${costed.variant || 'this build'}, containers, ${costed.rows.toLocaleString('en')} rows, last load): ${a.scripts.length} scripts, ` +
        `${kb(enc)} over the wire (${kb(dec)} decoded), CSS ${kb(a.cssBytes)}, main-thread script time ${fmt(a.scriptMs)} ms; ` +
        `the list's answer ended at ${fmt(a.listAnsweredMs)} ms. Chunks: ${a.scripts.map((e) => `${e.name} ${kb(e.decoded)}`).join(', ')}.`,
    );
  }
  lines.push(
    '',
    'Time to first row: from navigation start of a fresh browser context (nothing cached: no IndexedDB inventory, no',
    'service worker) already signed in, to the first row in the DOM; it includes loading the app, the list chunk,',
    '`/api/engines` and `/containers/json?all=1` (or `/images/json`) through the proxy. Per keystroke: the work from the',
    `\`input\` event to the laid-out list (filter kept in the URL, rows filtered, the window of rows re-rendered, style`,
    `and layout, forced), typing \`${QUERY}\` (images: \`delta-img-1\`) one key at a time. A frame is 16.7 ms: a keystroke`,
    'that costs less is not visible as stutter. Containers are created, not started, from `fixture/busybox:1`; image rows are',
    'tags of it. Chromium headless (`--disable-gpu`), 1280×900. CPU ms: the same typing and scrolling again under a',
    'Chromium trace (last load), the thread CPU time (`tdur`) of the renderer\'s main thread from one key to the next (the',
    'input, the re-rendered rows, style, layout, paint of its frames) and from one scrolled frame to the next, and of the',
    'display compositor, which draws each frame in software without a GPU: unlike the wall times these hardly move with',
    'the machine\'s load.',
  );
  return lines.join('\n');
}

export function writeListResults(doc: string, markdown: string): void {
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf(LISTS_START);
  const end = text.indexOf(LISTS_END);
  if (start === -1 || end === -1 || end < start) throw new Error(`${doc} has no ${LISTS_START} … ${LISTS_END} markers`);
  writeFileSync(doc, `${text.slice(0, start + LISTS_START.length)}\n${markdown}\n${text.slice(end)}`);
}

export async function runListBench(options: ListBenchOptions = {}): Promise<ListBenchResult> {
  const log = options.log ?? ((m: string) => void process.stderr.write(`[bench:lists] ${m}\n`));
  const counts = [...(options.counts ?? [50, 500, 2000])].sort((a, b) => a - b);
  const imageCount = options.images ?? 1000;
  const loads = options.loads ?? 3;
  const loadStart = (await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ');
  const running = options.running ?? (await startTestEnv());
  const socket = running.env.engineSocket;
  const image = running.env.fixtures.plain.ref;
  let proxy: ProxyHandle | null = null;
  let browser: Browser | null = null;
  const points: ListPoint[] = [];
  let createMs = 0;
  try {
    const version = await engineJson<EngineVersion>(socket, 'GET', '/version');
    // Whatever else the engine holds counts too (the shared test engine has none running).
    const already = (await engineJson<unknown[]>(socket, 'GET', '/containers/json?all=1')).length;
    if (!options.variants) proxy = await startProxyChild(socket);
    const variants = options.variants ?? [{ label: '', proxy: proxy! }];
    browser = await launchBrowser();
    let made = 0;
    for (const count of counts) {
      const t0 = performance.now();
      await createContainers(socket, image, made, Math.max(made, count - already));
      createMs += performance.now() - t0;
      made = Math.max(made, count - already);
      log(`${count} containers (${((performance.now() - t0) / 1000).toFixed(1)} s to create ${count - already} so far)`);
      const byVariant = variants.map((v): ListPoint => ({ list: 'containers', variant: v.label, rows: made + already, firstRowMs: [], keystrokeMs: [], domRows: 0 }));
      for (let i = 0; i < loads; i++) {
        // Variants in turn, load by load, so each sees the same machine.
        for (const [k, v] of variants.entries()) {
          const point = byVariant[k]!;
          const r = await measureLoad(browser, v.proxy, 'containers', made + already, { scroll: i === loads - 1 && count === counts.at(-1) });
          point.firstRowMs.push(r.firstRowMs);
          point.keystrokeMs.push(...r.keystrokeMs);
          point.domRows = r.domRows;
          point.app = r.app;
          if (r.scroll) point.scroll = r.scroll;
          if (r.cpu) point.cpu = r.cpu;
        }
      }
      if (loads > 0) {
        for (const point of byVariant) {
          log(`  ${point.variant ? `${point.variant}: ` : ''}first row ${point.firstRowMs.map(fmt).join(', ')} ms; keystroke max ${fmt(Math.max(...point.keystrokeMs))} ms`);
          points.push(point);
        }
      }
      if (count === counts.at(-1)) await options.atLargest?.();
    }
    if (imageCount > 0) {
      log(`tagging ${imageCount} images`);
      await tagImages(socket, image, imageCount);
      const rows = (await engineJson<{ RepoTags: string[] | null }[]>(socket, 'GET', '/images/json')).flatMap((i) => i.RepoTags ?? []).length;
      const byVariant = variants.map((v): ListPoint => ({ list: 'images', variant: v.label, rows, firstRowMs: [], keystrokeMs: [], domRows: 0 }));
      for (let i = 0; i < loads; i++) {
        for (const [k, v] of variants.entries()) {
          const point = byVariant[k]!;
          const r = await measureLoad(browser, v.proxy, 'images', imageCount, { scroll: i === loads - 1 });
          point.firstRowMs.push(r.firstRowMs);
          point.keystrokeMs.push(...r.keystrokeMs);
          point.domRows = r.domRows;
          point.app = r.app;
          if (r.scroll) point.scroll = r.scroll;
          if (r.cpu) point.cpu = r.cpu;
        }
      }
      for (const point of byVariant) {
        log(`  ${point.variant ? `${point.variant}: ` : ''}images: first row ${point.firstRowMs.map(fmt).join(', ')} ms; keystroke max ${fmt(Math.max(...point.keystrokeMs))} ms`);
        points.push(point);
      }
    }
    const partial = { points, engine: `${version.Version} (API ${version.ApiVersion})`, createSeconds: createMs / 1000 };
    const { cpus, loadavg } = await import('node:os');
    const machine =
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'} (load average ${loadStart} at the start, ` +
      `${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end: other work on the machine makes these noisy)`;
    const markdown = renderListMarkdown(partial, machine);
    if (options.writeDoc) writeListResults(DOC, markdown);
    return { ...partial, markdown };
  } finally {
    log('cleaning up');
    await browser?.close().catch(() => undefined);
    await proxy?.stop().catch(() => undefined);
    await untagImages(socket, imageCount).catch(() => undefined);
    await removeContainers(socket).catch((e: Error) => log(`cleanup: ${e.message}`));
    if (!options.running) await running.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = new Set(process.argv.slice(2));
  const quick = argv.has('--quick');
  runListBench(
    quick
      ? { counts: [20, 60], images: 50, loads: 1, writeDoc: false }
      : { writeDoc: !argv.has('--no-doc') },
  )
    .then((r) => process.stdout.write(`\n${r.markdown}\n`))
    .catch((e: Error) => {
      process.stderr.write(`[bench:lists] failed: ${e.stack ?? e.message}\n`);
      process.exitCode = 1;
    });
}
