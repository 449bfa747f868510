// The PWA's felt speed (issue 18, budgets 1-5 and 7), in Chromium against the harness's private engine and the
// real proxy in a child process: the lists (cold first row, typing, scrolling: lists.ts), the installed app warm
// (service worker + stored inventory), engine events to the changed row on screen, a registry repository with
// 110 tags, and the layer reader on a 1 GB image next to the engine's own `docker save`.
//
//   npx tsx tests/bench/pwa.ts [--quick] [--no-doc] [--only lists,warm,events,registry,layers] [--baseline DIR [--baseline-label L]]
//
// --baseline DIR: another build of the PWA (a dist/web, e.g. the commit before a change) served by a second proxy and
// measured in turn with this checkout's, in the same run (the machine's load moves too much between runs).
//   npm run bench -- --pwa-only
//
// Results go between the pwa markers of docs/benchmarks.md (the lists between their own).
import http from 'node:http';
import { loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser.ts';
import { API_PREFIX, engineJson, engineRequest, readStream, type ContainerCreated, type EngineVersion } from '../harness/engine-client.ts';
import { startTestEnv, type RunningTestEnv } from '../harness/env.ts';
import { createTar } from '../harness/tar.ts';
import { storedInventoryHolds } from '../support/inventory.ts';
import { runListBench, signedInContext, type ListBenchResult } from './lists.ts';
import { ROOT, startProxyChild, type ProxyHandle } from './lib/proxy.ts';
import { listSettled, trackEngineRequests } from './lib/settled.ts';
import { percentile } from './lib/stats.ts';

export const PWA_START = '<!-- pwa:start -->';
export const PWA_END = '<!-- pwa:end -->';
const DOC = join(ROOT, 'docs', 'benchmarks.md');
const EV_LABEL = 'porthole.bench.events';
type Log = (message: string) => void;

export type PwaSection = 'lists' | 'warm' | 'events' | 'registry' | 'layers';
export const PWA_SECTIONS: readonly PwaSection[] = ['lists', 'warm', 'events', 'registry', 'layers'];

export interface PwaBenchOptions {
  running?: RunningTestEnv;
  only?: readonly PwaSection[];
  quick?: boolean;
  writeDoc?: boolean;
  log?: Log;
  /** A second build of the PWA (a dist/web directory, e.g. of the commit before a change), measured beside this one's. */
  baselineWebRoot?: string;
  baselineLabel?: string;
  /** Size of the layer reader's image (default 1024 MiB). */
  layerMiB?: number;
}

const fmt = (ms: number): string => (!Number.isFinite(ms) ? '–' : ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
const sorted = (v: readonly number[]): number[] => [...v].sort((a, b) => a - b);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

// ---------------------------------------------------------------- 1. warm: installed app, stored inventory

export interface WarmLoad {
  firstRowMs: number;
  /** The stored-inventory notice was on screen with the first row. */
  storedShown: boolean;
  storedText: string;
  /** When the list's network answer ended (ms from navigation start). */
  listAnsweredMs: number;
  /** When the notice went (the rows refreshed in place). */
  refreshedMs: number;
  /** The first row's name and position when it showed and after the refresh. */
  firstName: string;
  firstNameAfter: string;
  topBefore: number;
  topAfter: number;
  /** Cumulative layout shift over the load (Chromium's layout-shift entries). */
  cls: number;
  /** What happened before the first row: scripts' response ends, the stored inventory's restore (ms). */
  timeline: string;
}

const WARM_PROBE = `
  window.__warm = { shifts: 0 };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__warm.shifts += e.value; }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
  new MutationObserver(() => {
    const w = window.__warm;
    const notice = document.querySelector('[data-testid="stored-notice"]');
    if (w.first === undefined) {
      const row = document.querySelector('[data-testid="container-row"]');
      if (row) {
        w.first = performance.now();
        w.stored = !!notice;
        w.storedText = notice ? notice.textContent : '';
        w.name = row.getAttribute('data-name');
        w.top = row.getBoundingClientRect().top;
      }
    } else if (w.refreshed === undefined && !notice) {
      w.refreshed = performance.now();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
`;

async function swActive(page: Page): Promise<boolean> {
  return page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).some((r) => r.active?.state === 'activated'));
}

async function pollUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export interface Variant {
  label: string;
  proxy: ProxyHandle;
}

/** Warm loads of the installed app, the variants' loads in turn. */
export async function measureWarm(browser: Browser, variants: readonly Variant[], loads: number, log: Log): Promise<Map<string, WarmLoad[]>> {
  const out = new Map<string, WarmLoad[]>(variants.map((v) => [v.label, []]));
  const contexts = [];
  try {
    for (const v of variants) {
      const context = await signedInContext(browser, v.proxy);
      contexts.push(context);
      await context.addInitScript({ content: WARM_PROBE });
      // Install: the first visit registers the service worker; a reload runs under it and stores the list.
      const first = await context.newPage();
      await first.goto(`${v.proxy.origin}/#/local/containers`);
      await first.getByTestId('container-row').first().waitFor({ timeout: 60_000 });
      await pollUntil('the service worker', () => swActive(first), 240_000); // installing it precaches the app: slow on a loaded machine
      await first.reload();
      await first.getByTestId('container-row').first().waitFor({ timeout: 60_000 });
      // The list stored (written when the page is idle; an older build: at most once a second).
      await storedInventoryHolds(first, '"Names":', 60_000);
      await first.close();
    }
    for (let i = 0; i < loads; i++) {
      for (const [k, v] of variants.entries()) {
        const page = await contexts[k]!.newPage();
        await page.goto(`${v.proxy.origin}/#/local/containers`);
        await page.getByTestId('container-row').first().waitFor({ timeout: 60_000 });
        // Refreshed: the list's answer arrived and the stored notice went (a build without the notice: at once).
        await pollUntil('the refresh', () => page.evaluate(() => (window as unknown as { __warm: { refreshed?: number } }).__warm.refreshed !== undefined), 60_000);
        await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith('/containers/json')), undefined, { timeout: 60_000 });
        // The refreshed rows painted: two frames after the refresh.
        await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
        const r = await page.evaluate(() => {
          const w = (window as unknown as { __warm: Record<string, unknown> }).__warm;
          const row = document.querySelector('[data-testid="container-row"]');
          const list = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname.endsWith('/containers/json')) as PerformanceResourceTiming | undefined;
          return {
            firstRowMs: w['first'] as number,
            storedShown: w['stored'] as boolean,
            storedText: (w['storedText'] as string) ?? '',
            refreshedMs: w['refreshed'] as number,
            listAnsweredMs: list?.responseEnd ?? Number.NaN,
            firstName: w['name'] as string,
            firstNameAfter: row?.getAttribute('data-name') ?? '',
            topBefore: w['top'] as number,
            topAfter: row?.getBoundingClientRect().top ?? Number.NaN,
            cls: w['shifts'] as number,
            timeline: [
              ...performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname.split('/').pop()!.replace(/-[\w-]{8}\.js$/, '.js'), (e as PerformanceResourceTiming).responseEnd] as const),
              ...performance.getEntriesByType('mark').filter((e) => e.name.startsWith('porthole:')).map((e) => [e.name.slice(9), e.startTime] as const),
              ['domInteractive', (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domInteractive ?? 0] as const,
            ]
              .filter(([, t]) => t <= (w['first'] as number))
              .sort((a, b) => a[1] - b[1])
              .map(([n, t]) => `${n} ${Math.round(t)}`)
              .join(', '),
          };
        });
        log(`  ${v.label}: warm load ${i + 1}: first row ${fmt(r.firstRowMs)} ms (stored notice ${r.storedShown ? 'shown' : 'NOT shown'}), list answered ${fmt(r.listAnsweredMs)} ms, refreshed ${fmt(r.refreshedMs)} ms; before: ${r.timeline}`);
        out.get(v.label)!.push(r);
        await page.close();
      }
    }
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
  return out;
}

// ---------------------------------------------------------------- 4. engine event → row on screen

export interface EventSample {
  kind: 'stop' | 'create';
  ms: number;
}

/** Stamps, per `name:state`, the frame in which a row first showed so (epoch ms, the engine's clock is the same). */
const ROW_WATCH = `(() => {
  window.__seen = {};
  let pending = [];
  let scheduled = false;
  const scan = () => {
    for (const row of document.querySelectorAll('[data-testid="container-row"]')) {
      const key = row.getAttribute('data-name') + ':' + row.getAttribute('data-state');
      if (window.__seen[key] === undefined && !pending.includes(key)) pending.push(key);
    }
    if (pending.length && !scheduled) {
      scheduled = true;
      requestAnimationFrame(() => {
        const t = performance.timeOrigin + performance.now();
        for (const k of pending) if (window.__seen[k] === undefined) window.__seen[k] = t;
        pending = [];
        scheduled = false;
      });
    }
  };
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state', 'data-name'] });
  scan();
})()`;

interface EngineEventLine {
  Type?: string;
  Action?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
}

/** Follows the engine's own event stream on its socket: when the engine said what happened. */
function followEngineEvents(socket: string): { events: EngineEventLine[]; close(): void } {
  const events: EngineEventLine[] = [];
  const filters = encodeURIComponent(JSON.stringify({ type: ['container'], label: [EV_LABEL] }));
  const req = http.get({ socketPath: socket, path: `${API_PREFIX}/events?filters=${filters}` }, (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl !== -1) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) events.push(JSON.parse(line) as EngineEventLine);
        nl = buffer.indexOf('\n');
      }
    });
    res.on('error', () => undefined);
  });
  req.on('error', () => undefined);
  return { events, close: () => req.destroy() };
}

export async function measureEvents(browser: Browser, proxy: ProxyHandle, socket: string, image: string, samples: number, log: Log): Promise<EventSample[]> {
  const running: { id: string; name: string }[] = [];
  for (let i = 0; i < samples; i++) {
    const name = `ev-run-${i}`;
    const c = await engineJson<ContainerCreated>(socket, 'POST', `/containers/create?name=${name}`, {
      Image: image,
      Cmd: ['sleep', '100000'],
      Labels: { [EV_LABEL]: '1' },
      HostConfig: { NetworkMode: 'none' },
    });
    await engineRequest(socket, 'POST', `/containers/${c.Id}/start`);
    running.push({ id: c.Id, name });
  }
  const follow = followEngineEvents(socket);
  const context = await signedInContext(browser, proxy);
  const out: EventSample[] = [];
  try {
    const page = await context.newPage();
    const inFlight = trackEngineRequests(page);
    await page.goto(`${proxy.origin}/#/local/containers`);
    await page.locator('[data-testid="container-row"][data-name="ev-run-0"]').waitFor({ timeout: 60_000 });
    // Live, and the refetches it asked for once it connected have answered.
    await listSettled(page, inFlight);
    await page.evaluate(ROW_WATCH);
    const seen = (key: string): Promise<number | null> => page.evaluate((k) => (window as unknown as { __seen: Record<string, number> }).__seen[k] ?? null, key);
    const engineTime = async (id: string, action: string): Promise<number> => {
      let found: EngineEventLine | undefined;
      await pollUntil(`the engine's ${action} event`, async () => {
        found = follow.events.find((e) => (e.Actor?.ID ?? e.id) === id && e.Action === action);
        return found !== undefined;
      }, 15_000);
      return (found!.timeNano ?? 0) / 1e6;
    };
    const wait = async (key: string): Promise<number> => {
      let at: number | null = null;
      await pollUntil(`row ${key}`, async () => (at = await seen(key)) !== null, 30_000);
      return at!;
    };
    for (let i = 0; i < samples; i++) {
      const c = running[i]!;
      await engineRequest(socket, 'POST', `/containers/${c.id}/stop?t=0`);
      const shown = await wait(`${c.name}:exited`);
      out.push({ kind: 'stop', ms: shown - (await engineTime(c.id, 'die')) });
      await sleep(300);
      const name = `ev-new-${i}`;
      const created = await engineJson<ContainerCreated>(socket, 'POST', `/containers/create?name=${name}`, {
        Image: image,
        Cmd: ['true'],
        Labels: { [EV_LABEL]: '1' },
        HostConfig: { NetworkMode: 'none' },
      });
      const shownNew = await wait(`${name}:created`);
      out.push({ kind: 'create', ms: shownNew - (await engineTime(created.Id, 'create')) });
      await sleep(300);
    }
    log(`  events: stop ${out.filter((s) => s.kind === 'stop').map((s) => fmt(s.ms)).join(', ')} ms; create ${out.filter((s) => s.kind === 'create').map((s) => fmt(s.ms)).join(', ')} ms`);
    await page.close();
  } finally {
    follow.close();
    await context.close();
    const filters = encodeURIComponent(JSON.stringify({ label: [EV_LABEL] }));
    const list = await engineJson<{ Id: string }[]>(socket, 'GET', `/containers/json?all=1&filters=${filters}`);
    for (const c of list) await engineRequest(socket, 'DELETE', `/containers/${c.Id}?force=1`);
  }
  return out;
}

// ---------------------------------------------------------------- 5. a repository with 110 tags

export interface RegistryVisit {
  visit: string;
  /** Navigation start → every tag row shows its platforms (stored ones, marked, count). */
  allReadyMs: number;
  /** Rows that showed stored details (from an earlier visit) at that moment. */
  storedRows: number;
  /** Navigation start → every row holds the registry's own answer (no stored row left). */
  checkedMs: number;
  relayRequests: number;
  /** The most relay requests in flight at once (resource timing). */
  relayInFlight: number;
  tags: number;
}

async function registryFetch(url: string, method: string, body?: Buffer, contentType?: string): Promise<Response> {
  return fetch(url, { method, ...(body ? { body: new Uint8Array(body) } : {}), headers: contentType ? { 'content-type': contentType } : {} });
}

async function uploadBlob(base: string, repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const start = await registryFetch(`${base}/v2/${repo}/blobs/uploads/`, 'POST');
  await start.arrayBuffer();
  const location = start.headers.get('location');
  if (start.status !== 202 || !location) throw new Error(`blob upload did not start: ${start.status}`);
  const target = new URL(location, base);
  target.searchParams.set('digest', digest);
  const put = await registryFetch(target.toString(), 'PUT', data, 'application/octet-stream');
  const text = await put.text();
  if (put.status !== 201) throw new Error(`blob upload ${digest} failed: ${put.status} ${text}`);
  return digest;
}

/** `count` tags, each its own manifest and config (as a real repository's tags mostly are), one shared layer. */
export async function pushTags(base: string, repo: string, count: number): Promise<string[]> {
  const layerTar = createTar([{ type: 'file', path: 'hello.txt', content: 'hello\n' }]);
  const layer = gzipSync(layerTar);
  const layerDigest = await uploadBlob(base, repo, layer);
  const tags = Array.from({ length: count }, (_, i) => `1.${i}`);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tags.length) {
      const i = next++;
      const config = Buffer.from(
        JSON.stringify({
          architecture: i % 2 === 0 ? 'amd64' : 'arm64',
          os: 'linux',
          created: '2024-01-01T00:00:00Z',
          config: { Cmd: ['sh'], Labels: { 'org.porthole.bench.tag': String(i) } },
          rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
          history: [{ created: '2024-01-01T00:00:00Z', created_by: `bench tag ${i}` }],
        }),
      );
      const configDigest = await uploadBlob(base, repo, config);
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: configDigest, size: config.length },
          layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: layerDigest, size: layer.length }],
        }),
      );
      const res = await registryFetch(`${base}/v2/${repo}/manifests/${tags[i]}`, 'PUT', manifest, 'application/vnd.docker.distribution.manifest.v2+json');
      if (res.status !== 201) throw new Error(`manifest PUT ${repo}:${tags[i]}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return tags;
}

/** Polls the page's IndexedDB until the repository's stored tags (queries/registryCache.ts) hold `count` tags; gives up after 30 s, or at once when none are kept. */
async function storedTagsHold(page: Page, key: string, count: number): Promise<void> {
  const held = (): Promise<number> =>
    page.evaluate(
      (k) =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('porthole-registry');
          open.onerror = () => resolve(0);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('by-digest')) return resolve(0);
            const read = db.transaction('by-digest').objectStore('by-digest').get(k);
            read.onerror = () => resolve(0);
            // -1: no stored tags at all (a build from before they were kept).
            read.onsuccess = () => resolve(read.result === undefined ? -1 : Object.keys((read.result as { details?: object }).details ?? {}).length);
          };
        }),
      key,
    );
  const until = performance.now() + 30_000;
  for (let n = await held(); n >= 0 && n < count && performance.now() < until; n = await held()) await new Promise((r) => setTimeout(r, 50));
}

export async function measureRegistry(browser: Browser, proxy: ProxyHandle, running: RunningTestEnv, repo: string, count: number, log: Log): Promise<RegistryVisit[]> {
  const context = await signedInContext(browser, proxy);
  const out: RegistryVisit[] = [];
  try {
    const put = await context.request.put(`${proxy.origin}/api/registries/${running.registry.host}`, {
      data: { insecure: true },
      headers: { 'X-Porthole': '1', Origin: proxy.origin },
    });
    if (!put.ok()) throw new Error(`adding the registry: ${put.status()} ${await put.text()}`);
    const hash = `#/local/registries/${encodeURIComponent(`${running.registry.host}/${repo}`).replace(/%3A/gi, ':')}`;
    for (const visit of ['first visit (nothing stored)', 'again (a new page)']) {
      const page = await context.newPage();
      await page.goto(`${proxy.origin}/${hash}`);
      await page.waitForFunction(
        (n) => {
          const rows = document.querySelectorAll('[data-testid="tag-row"]');
          if (rows.length < n) return false;
          for (const r of rows) if (r.getAttribute('data-state') !== 'ready') return false;
          return true;
        },
        count,
        { polling: 'raf', timeout: 120_000 },
      );
      const ready = await page.evaluate(() => ({ at: performance.now(), stored: document.querySelectorAll('[data-testid="tag-row"][data-stored="true"]').length }));
      await page.waitForFunction(() => document.querySelector('[data-testid="tag-row"][data-stored="true"]') === null, undefined, { polling: 'raf', timeout: 120_000 });
      const r = await page.evaluate(() => {
        const relay = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/api/relay'));
        const edges = relay.flatMap((e): [number, number][] => [[e.startTime, 1], [e.responseEnd, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        let now = 0;
        let most = 0;
        for (const [, step] of edges) most = Math.max(most, (now += step));
        return { at: performance.now(), relay: relay.length, most };
      });
      out.push({ visit, allReadyMs: ready.at, storedRows: ready.stored, checkedMs: r.at, relayRequests: r.relay, relayInFlight: r.most, tags: count });
      log(`  registry, ${visit}: ${count} tags ready at ${fmt(ready.at)} ms (${ready.stored} stored), all checked at ${fmt(r.at)} ms, ${r.relay} relay requests (at most ${r.most} at once)`);
      // A visit ends once what it learnt is on the device (as the warm section waits for the stored inventory).
      await storedTagsHold(page, `tags:${running.registry.host}/${repo}`, count);
      await page.close();
    }
  } finally {
    await context.close();
  }
  return out;
}

// ---------------------------------------------------------------- 7. the layer reader on a 1 GB image

export interface LayerRun {
  /** The engine's own save, read to the end on its socket. */
  engineMs: number;
  engineBytes: number;
  /** The browser: click → contents and waste shown. */
  browserMs: number;
  progressShown: boolean;
}

async function readSave(socket: string, ref: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    http
      .get({ socketPath: socket, path: `${API_PREFIX}/images/${encodeURIComponent(ref)}/get` }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`save: ${res.statusCode}`));
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', resolve);
        res.on('error', reject);
      })
      .on('error', reject);
  });
  return { ms: performance.now() - t0, bytes };
}

export async function measureLayers(browser: Browser, variants: readonly Variant[], socket: string, sizeMiB: number, rounds: number, log: Log): Promise<Map<string, LayerRun[]>> {
  const ref = 'bench/big:1';
  const files = Math.max(1, Math.round(sizeMiB / 4));
  const dockerfile = [
    'FROM fixture/busybox:1',
    `RUN mkdir /d && i=0; while [ $i -lt ${files} ]; do dd if=/dev/urandom of=/d/f$i bs=1048576 count=4 2>/dev/null; i=$((i+1)); done`,
    'RUN rm /d/f0 && echo changed > /d/f1',
    '',
  ].join('\n');
  const t0 = performance.now();
  const build = await engineRequest(socket, 'POST', `/build?${new URLSearchParams({ t: ref, rm: '1', forcerm: '1' })}`, createTar([{ type: 'file', path: 'Dockerfile', content: dockerfile }]), { 'content-type': 'application/x-tar' }, 600_000);
  readStream(`build of ${ref}`, build);
  const image = await engineJson<{ Id: string; Size: number }>(socket, 'GET', `/images/${ref}/json`);
  log(`  built ${ref} (${(image.Size / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const out = new Map<string, LayerRun[]>(variants.map((v) => [v.label, []]));
  try {
    for (let i = 0; i < rounds; i++) for (const v of variants) {
      const proxy = v.proxy;
      const direct = await readSave(socket, ref);
      const context = await signedInContext(browser, proxy);
      const page = await context.newPage();
      await page.goto(`${proxy.origin}/#/local/images/${encodeURIComponent(image.Id)}/layers`);
      await page.getByTestId('layer-contents-start').waitFor({ timeout: 60_000 });
      await page.evaluate(() => {
        const w = window as unknown as { __progress: boolean };
        w.__progress = false;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid="layer-contents-progress"]')) w.__progress = true;
        }).observe(document.body, { childList: true, subtree: true });
      });
      const started = await page.evaluate(() => performance.now());
      await page.getByTestId('layer-contents-start').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="waste"]') !== null || document.querySelector('[data-testid="layer-contents"][data-state="error"]') !== null, undefined, { polling: 'raf', timeout: 600_000 });
      const r = await page.evaluate(() => ({
        at: performance.now(),
        ok: document.querySelector('[data-testid="waste"]') !== null,
        progress: (window as unknown as { __progress: boolean }).__progress,
      }));
      if (!r.ok) throw new Error(`the layer reader failed: ${await page.getByTestId('layer-contents').textContent()}`);
      out.get(v.label)!.push({ engineMs: direct.ms, engineBytes: direct.bytes, browserMs: r.at - started, progressShown: r.progress });
      await context.close();
      log(`  ${v.label}: layers: engine save ${fmt(direct.ms)} ms (${(direct.bytes / 2 ** 20).toFixed(0)} MiB), browser ${fmt(r.at - started)} ms, progress ${r.progress ? 'shown' : 'NOT shown'}`);
      await page.close();
    }
  } finally {
    await engineRequest(socket, 'DELETE', `/images/${ref}?force=1`).catch(() => undefined);
  }
  return out;
}

// ---------------------------------------------------------------- the report

export interface PwaRun {
  label: string;
  warm: WarmLoad[];
  events: EventSample[];
  registry: RegistryVisit[];
  layers: LayerRun[];
}

export interface PwaResult {
  lists: ListBenchResult | null;
  runs: PwaRun[];
  engine: string;
  loadStart: string;
  loadEnd: string;
  containers: number;
  layerMiB: number;
}

const yes = (ok: boolean): string => (ok ? 'yes' : '**NO**');

interface BudgetCell {
  measured: string;
  holds: boolean;
}

/** The budget rows of one build of the PWA, keyed by row name (in order). */
function budgetCells(r: PwaResult, run: PwaRun): Map<string, BudgetCell> {
  const cells = new Map<string, BudgetCell>();
  const put = (name: string, measured: string, holds: boolean): void => void cells.set(name, { measured, holds });
  const median = (v: readonly number[]): number => percentile(sorted(v), 50);
  if (run.warm.length) {
    const med = median(run.warm.map((w) => w.firstRowMs));
    put(`1. warm installed app: first row at ${r.containers.toLocaleString('en')} containers (median of ${run.warm.length}) | ≤ 150 ms`, `${fmt(med)} ms (${run.warm.map((w) => fmt(w.firstRowMs)).join(', ')}); the list's answer at ${fmt(median(run.warm.map((w) => w.listAnsweredMs)))} ms`, med <= 150);
    const marked = run.warm.every((w) => w.storedShown);
    put('1. the stored rows marked with their age before the network answers | shown', marked ? `“${run.warm[0]!.storedText.trim().slice(0, 70)}”` : `not shown (${run.warm.filter((w) => !w.storedShown).length} of ${run.warm.length} loads)`, marked);
    const still = run.warm.every((w) => w.firstName === w.firstNameAfter && Math.abs(w.topBefore - w.topAfter) < 1 && w.cls < 0.05);
    put('1. then refreshed in place: same first row, same place, layout shift | no jump', `Δtop ${run.warm.map((w) => fmt(w.topAfter - w.topBefore)).join(', ')} px, CLS ≤ ${Math.max(...run.warm.map((w) => w.cls)).toFixed(3)}${run.warm.every((w) => w.firstName === w.firstNameAfter) ? '' : ', first row changed'}`, still);
  }
  const points = r.lists?.points.filter((p) => p.variant === run.label) ?? [];
  const containers = points.filter((p) => p.list === 'containers');
  for (const p of [containers[0], containers.at(-1)].filter((x, i, a): x is NonNullable<typeof x> => !!x && a.indexOf(x) === i)) {
    const limit = p.rows <= 100 ? 400 : 700;
    put(`2. cold first row, ${p.rows.toLocaleString('en')} containers (median) | ≤ ${limit} ms`, `${fmt(median(p.firstRowMs))} ms`, median(p.firstRowMs) <= limit);
  }
  for (const p of [containers.at(-1), points.find((q) => q.list === 'images')]) {
    if (!p) continue;
    const s = sorted(p.keystrokeMs);
    const p90 = percentile(s, 90);
    const max = s.at(-1) ?? Number.NaN;
    const cpu = p.cpu ? sorted(p.cpu.keyMain) : [];
    const cpuNote = cpu.length ? ` (main-thread CPU ${fmt(percentile(cpu, 90))} / ${fmt(cpu.at(-1)!)} ms)` : '';
    put(`3. filter keystroke, ${p.list} (${p.rows.toLocaleString('en')}): p90 / max | ≤ 16 / 33 ms`, `${fmt(p90)} / ${fmt(max)} ms${cpuNote}`, p90 <= 16 && max <= 33);
    const frameCpu = p.cpu ? ` (CPU per frame p95: main ${fmt(percentile(sorted(p.cpu.frameMain), 95))} ms, compositor ${fmt(percentile(sorted(p.cpu.frameViz), 95))} ms)` : '';
    if (p.scroll) put(`3. scrolling the ${p.list} (${p.rows.toLocaleString('en')}) | 60 frames/s`, `${p.scroll.fps.toFixed(1)} frames/s, ${p.scroll.dropped} of ${p.scroll.frames} frames over 25 ms${frameCpu}`, p.scroll.fps >= 57 && p.scroll.dropped <= p.scroll.frames * 0.02);
  }
  for (const kind of ['stop', 'create'] as const) {
    const s = sorted(run.events.filter((e) => e.kind === kind).map((e) => e.ms));
    if (!s.length) continue;
    put(`4. engine event → row on screen, ${kind === 'stop' ? 'a container stops' : 'one is created elsewhere'}: p50 / p95 | ≤ 100 / 250 ms`, `${fmt(percentile(s, 50))} / ${fmt(percentile(s, 95))} ms (${s.length})`, percentile(s, 50) <= 100 && percentile(s, 95) <= 250);
  }
  for (const v of run.registry) {
    const stored = v.storedRows > 0 ? ` (${v.storedRows} stored, marked; all checked with the registry at ${(v.checkedMs / 1000).toFixed(2)} s)` : '';
    put(`5. ${v.tags} tags, every tag's platforms shown, ${v.visit} | ≤ 1.5 s`, `${(v.allReadyMs / 1000).toFixed(2)} s${stored}, ${v.relayRequests} relay requests, at most ${v.relayInFlight} at once`, v.allReadyMs <= 1500);
  }
  if (run.layers.length) {
    const best = Math.max(...run.layers.map((l) => l.engineMs / l.browserMs));
    put(
      `7. layer reader, ${r.layerMiB >= 1000 ? `${(r.layerMiB / 1024).toFixed(0)} GiB` : `${r.layerMiB} MiB`} image, vs the engine's own save, with progress (best run) | ≥ 50%`,
      run.layers.map((l) => `${(l.engineBytes / 2 ** 20 / (l.browserMs / 1000)).toFixed(0)} vs ${(l.engineBytes / 2 ** 20 / (l.engineMs / 1000)).toFixed(0)} MiB/s (${((l.engineMs / l.browserMs) * 100).toFixed(0)}%)${l.progressShown ? '' : ', no progress!'}`).join('; '),
      best >= 0.5 && run.layers.every((l) => l.progressShown),
    );
  }
  return cells;
}

export function renderPwaMarkdown(r: PwaResult): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; engine ${r.engine}; load average ${r.loadStart} at the start, ${r.loadEnd} at the end ` +
      "(2 CPUs shared with other engineers' test runs: compare the builds of one run, measured in turn, not figures across runs).",
    '',
  ];
  const tables = r.runs.map((run) => budgetCells(r, run));
  const names = [...new Set(tables.flatMap((t) => [...t.keys()]))];
  const labels = r.runs.map((run) => run.label || 'measured');
  lines.push(`| budget | limit | ${labels.map((l) => `${l} | holds`).join(' | ')} |`, `|---|---|${labels.map(() => '---|---|').join('')}`);
  for (const name of names) {
    lines.push(`| ${name} | ${tables.map((t) => (t.get(name) ? `${t.get(name)!.measured} | ${yes(t.get(name)!.holds)}` : '– | –')).join(' | ')} |`);
  }
  lines.push(
    '',
    'How: Chromium headless (`--disable-gpu`), 1280×900, a fresh context per measurement unless said, each build served by its own proxy child (`--web-root`). ' +
      '1: the app installed (service worker active) and the list stored, then new pages of that context opened at the list; ' +
      "the first row's time is from navigation start, the notice is `stored-notice`. " +
      "4: from the engine's own event time (`timeNano` of `die` / `create`, read on its socket) to the animation frame in which the row showed the new state, " +
      'with the list of every container open (default order, newest first). 5: each tag its own manifest and config on the local registry (`docker-registry`), ' +
      'from navigation start until every tag row shows its platforms. 7: a build of `fixture/busybox:1` plus 4 MiB files of random data; ' +
      "the engine side reads `GET /images/{name}/get` on its socket to the end; the browser side is the image's Layers page from the click on \"Read\" until the waste report shows.",
  );
  return lines.join('\n');
}

export function writePwaResults(doc: string, markdown: string): void {
  const text = readFileSync(doc, 'utf8');
  const start = text.indexOf(PWA_START);
  const end = text.indexOf(PWA_END);
  if (start === -1 || end === -1 || end < start) throw new Error(`${doc} has no ${PWA_START} … ${PWA_END} markers`);
  writeFileSync(doc, `${text.slice(0, start + PWA_START.length)}\n${markdown}\n${text.slice(end)}`);
}

export async function runPwaBench(options: PwaBenchOptions = {}): Promise<PwaResult & { markdown: string }> {
  const log = options.log ?? ((m: string) => void process.stderr.write(`[bench:pwa] ${m}\n`));
  const only = new Set(options.only ?? PWA_SECTIONS);
  const quick = options.quick === true;
  const loadNow = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
  const loadStart = loadNow();
  const running = options.running ?? (await startTestEnv());
  const socket = running.env.engineSocket;
  const image = running.env.fixtures.plain.ref;
  const containers = quick ? 60 : 2000;
  const layerMiB = options.layerMiB ?? (quick ? 64 : 1024);
  const result: PwaResult = { lists: null, runs: [], engine: '', loadStart, loadEnd: '', containers, layerMiB };
  let browser: Browser | null = null;
  const variants: Variant[] = [];
  try {
    const version = await engineJson<EngineVersion>(socket, 'GET', '/version');
    result.engine = `${version.Version} (API ${version.ApiVersion})`;
    // The baseline first: every section measures the builds in that order.
    if (options.baselineWebRoot) variants.push({ label: options.baselineLabel ?? 'before', proxy: await startProxyChild(socket, { args: ['--web-root', options.baselineWebRoot] }) });
    variants.push({ label: options.baselineWebRoot ? 'now' : '', proxy: await startProxyChild(socket) });
    result.runs = variants.map((v) => ({ label: v.label, warm: [], events: [], registry: [], layers: [] }));
    const runOf = (label: string): PwaRun => result.runs.find((r) => r.label === label)!;
    browser = await launchBrowser();
    const b = browser;
    const atLargest = async (): Promise<void> => {
      if (only.has('warm')) {
        log(`warm installed app at ${containers} containers`);
        for (const [label, loads] of await measureWarm(b, variants, quick ? 1 : 3, log)) runOf(label).warm = loads;
      }
      if (only.has('events')) {
        log(`engine events to the screen at ${containers} containers`);
        for (const v of variants) runOf(v.label).events = await measureEvents(b, v.proxy, socket, image, quick ? 3 : 20, log);
      }
    };
    if (only.has('lists') || only.has('warm') || only.has('events')) {
      const lists = await runListBench({
        running,
        writeDoc: options.writeDoc === true && only.has('lists'),
        log,
        atLargest,
        variants,
        ...(only.has('lists') ? {} : { counts: [containers], images: 0, loads: 0 }),
        ...(quick ? { counts: [20, containers], images: only.has('lists') ? 50 : 0, loads: only.has('lists') ? 1 : 0 } : {}),
      });
      if (only.has('lists')) result.lists = lists;
    }
    if (only.has('registry')) {
      const count = quick ? 20 : 110;
      log(`registry: a repository with ${count} tags`);
      const repo = `bench/tags-${Date.now().toString(36)}`;
      await pushTags(running.registry.url, repo, count);
      for (const v of variants) runOf(v.label).registry = await measureRegistry(b, v.proxy, running, repo, count, log);
    }
    if (only.has('layers')) {
      log(`layer reader on a ${layerMiB} MiB image`);
      for (const [label, runs] of await measureLayers(b, variants, socket, layerMiB, quick ? 1 : 2, log)) runOf(label).layers = runs;
    }
    result.loadEnd = loadNow();
    const markdown = renderPwaMarkdown(result);
    if (options.writeDoc) writePwaResults(DOC, markdown);
    return { ...result, markdown };
  } finally {
    await browser?.close().catch(() => undefined);
    for (const v of variants) await v.proxy.stop().catch(() => undefined);
    if (!options.running) await running.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const onlyArg = argv.indexOf('--only');
  const only = onlyArg >= 0 ? (argv[onlyArg + 1] ?? '').split(',').filter((s): s is PwaSection => (PWA_SECTIONS as readonly string[]).includes(s)) : undefined;
  const quick = argv.includes('--quick');
  const baseline = argv.indexOf('--baseline');
  const label = argv.indexOf('--baseline-label');
  runPwaBench({
    quick,
    writeDoc: !quick && !argv.includes('--no-doc'),
    ...(only ? { only } : {}),
    ...(baseline >= 0 ? { baselineWebRoot: argv[baseline + 1] } : {}),
    ...(label >= 0 ? { baselineLabel: argv[label + 1] } : {}),
    ...(argv.includes('--layer-mib') ? { layerMiB: Number(argv[argv.indexOf('--layer-mib') + 1]) } : {}),
  })
    .then((r) => process.stdout.write(`\n${r.lists?.markdown ?? ''}\n\n${r.markdown}\n`))
    .catch((e: Error) => {
      process.stderr.write(`[bench:pwa] failed: ${e.stack ?? e.message}\n`);
      process.exitCode = 1;
    });
}
