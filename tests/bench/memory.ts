// The proxy's memory (RSS of its one process, from /proc) idle, under 200 concurrent keep-alive clients,
// after a 200 MB exec stream, and again after each load has gone, and the time from spawning it to its first
// HTTPS answer: the budgets of issue 16. A fresh proxy child (the built dist/proxy/main.js, as npm start and
// the service run it) so earlier runs do not count.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execBridge } from './exec.ts';
import { API_VERSION } from './lib/clients.ts';
import { readMemory, startProxyChild, type Memory, type ProxyHandle } from './lib/proxy.ts';
import { CONTAINERS_PATH } from './report.ts';
import { ensureBuilt } from '../../proxy/bin/build.mjs';

export interface MemoryOptions {
  clients: number;
  requestsPerClient: number;
  execBytes: number;
  /** How long the process is left alone before an "idle" or "after" reading. */
  settleMs: number;
  /** Node flags and environment of the proxy child, for comparing variants (--memory-only --variant). */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Another build of the proxy (--variant "main=PATH"): an A/B of two builds in one run. */
  main?: string;
  /** Another node binary (--variant "node=PATH"). */
  node?: string;
}

/** process.memoryUsage() of the proxy child and the anonymous part of its RSS, MiB (tests/bench/lib/memory-log.mjs). */
export interface Usage {
  rss: number;
  anon: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface Breakdown {
  idle: Usage;
  /** Highest value of each field while the clients ran (not necessarily at the same moment). */
  underClients: Usage;
  afterClients: Usage;
  underExec: Usage;
  afterExec: Usage;
}

export interface MemoryResult {
  /**
   * Seconds from spawning node to its first successful HTTPS answer (GET /, the app shell, on a new TLS
   * connection made as soon as it printed its port): a first start (makes the CA and certificate).
   */
  readyS: number;
  /** CPU seconds the process used until then (user + system): the start's cost whatever the machine's load. */
  readyCpuS: number;
  /** The same for a restart in the same state dir (certificate and tokens already there). */
  restartS: number;
  restartCpuS: number;
  /** Load average (1 min) when the run started and ended. */
  loadBefore: number;
  loadAfter: number;
  idle: Memory;
  clients: number;
  /** Highest RSS sampled while the clients ran and held their connections open. */
  underClientsMiB: number;
  afterClients: Memory;
  execBytes: number;
  underExecMiB: number;
  afterExec: Memory;
  execComplete: boolean;
  breakdown: Breakdown | null;
}

const MEMLOG = pathToFileURL(join(import.meta.dirname, 'lib', 'memory-log.mjs')).href;
const MIB = 1024 * 1024;

/** The logger's samples between two times (ms since the epoch). */
function samples(file: string, from: number, to: number): Usage[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: Usage[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const s = JSON.parse(line) as Usage & { t: number };
    if (s.t < from || s.t > to) continue;
    out.push({ rss: s.rss / MIB, anon: s.anon / MIB, heapTotal: s.heapTotal / MIB, heapUsed: s.heapUsed / MIB, external: s.external / MIB, arrayBuffers: s.arrayBuffers / MIB });
  }
  return out;
}

const fields = ['rss', 'anon', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const;
const peakOf = (list: Usage[]): Usage => Object.fromEntries(fields.map((f) => [f, Math.max(...list.map((u) => u[f]))])) as unknown as Usage;
const lastOf = (list: Usage[]): Usage => list[list.length - 1]!;

/** One line for the log: where the RSS is. */
export function usageLine(u: Usage): string {
  return `rss ${u.rss.toFixed(1)} (anon ${u.anon.toFixed(1)}), heap ${u.heapUsed.toFixed(1)}/${u.heapTotal.toFixed(1)}, external ${u.external.toFixed(1)} (arrayBuffers ${u.arrayBuffers.toFixed(1)}) MiB`;
}

/** CPU seconds (user + system) a process used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(stat[11]) + Number(stat[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The proxy's first HTTPS answer: GET / (the app shell) on a new connection; throws unless it is a 200. */
function firstAnswer(proxy: ProxyHandle): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: proxy.host, port: proxy.port, path: '/', agent: false, rejectUnauthorized: false, headers: { host: `${proxy.host}:${proxy.port}` } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`GET / answered ${res.statusCode}`))));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('GET / timed out')));
    req.on('error', reject);
  });
}

/** Samples the process's RSS every 50 ms while `work` runs; returns the highest. */
async function peakDuring(pid: number, work: () => Promise<unknown>): Promise<number> {
  let peak = readMemory(pid).rssMiB;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, readMemory(pid).rssMiB);
      await sleep(50);
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await sampler;
  }
  return Math.max(peak, readMemory(pid).rssMiB);
}

/**
 * `clients` keep-alive HTTPS clients at once, each with its own connection (spread over 127.0.0.1-4, as the
 * proxy admits at most 128 connections per address), each asking for the container list in turn.
 */
async function manyClients(proxy: ProxyHandle, clients: number, requests: number): Promise<{ failures: number; hold: () => Promise<void>; close: () => void }> {
  const agents = Array.from({ length: clients }, () => new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false }));
  let failures = 0;
  const get = (i: number): Promise<void> =>
    new Promise((resolve) => {
      const req = https.request({
        host: proxy.host, port: proxy.port, agent: agents[i], localAddress: `127.0.0.${1 + (i % 4)}`,
        path: `/api/engines/${proxy.engine}/v${API_VERSION}${CONTAINERS_PATH}`,
        headers: { host: `${proxy.host}:${proxy.port}`, authorization: `Bearer ${proxy.token}` },
      }, (res) => {
        if (res.statusCode !== 200) failures++;
        res.resume();
        res.on('end', resolve);
        res.on('error', () => (failures++, resolve()));
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timed out')));
      req.on('error', () => (failures++, resolve()));
      req.end();
    });
  await Promise.all(agents.map(async (_, i) => {
    for (let n = 0; n < requests; n++) await get(i);
  }));
  return {
    failures,
    // The connections stay open (keep-alive) while this waits.
    hold: () => sleep(1000),
    close: () => agents.forEach((a) => a.destroy()),
  };
}

export async function measureMemory(engineSocket: string, container: string, opts: MemoryOptions, log: (m: string) => void): Promise<MemoryResult> {
  if (!opts.main) ensureBuilt(); // before the clock: readyS is node's own start, not a build
  const stateDir = mkdtempSync(join(tmpdir(), 'porthole-bench-memory-'));
  const memlog = join(stateDir, 'memory.log');
  const child = { nodeArgs: opts.nodeArgs, env: opts.env, main: opts.main, node: opts.node, stateDir };
  // A first start (the CA and the certificate are made), stopped, then a restart in the same state dir, measured.
  const loadBefore = loadavg()[0]!;
  let t0 = performance.now();
  const first = await startProxyChild(engineSocket, child);
  await firstAnswer(first).catch(async (e: Error) => {
    await first.stop();
    throw e;
  });
  const readyS = (performance.now() - t0) / 1000;
  const readyCpuS = cpuSeconds(first.pid!);
  await first.stop();
  t0 = performance.now();
  const proxy = await startProxyChild(engineSocket, { ...child, extraNodeArgs: ['--import', MEMLOG], env: { ...opts.env, PORTHOLE_BENCH_MEMLOG: memlog } });
  await firstAnswer(proxy).catch(async (e: Error) => {
    await proxy.stop();
    throw e;
  });
  const restartS = (performance.now() - t0) / 1000;
  const pid = proxy.pid!;
  const restartCpuS = cpuSeconds(pid);
  try {
    const t = [Date.now()];
    await sleep(opts.settleMs);
    const idle = readMemory(pid);
    log(`memory: idle ${idle.rssMiB.toFixed(1)} MiB (first answer ${readyS.toFixed(2)} s after spawn, ${readyCpuS.toFixed(2)} s of CPU; restart ${restartS.toFixed(2)} s, ${restartCpuS.toFixed(2)} s of CPU)`);
    t.push(Date.now());

    let failures = 0;
    const underClientsMiB = await peakDuring(pid, async () => {
      const c = await manyClients(proxy, opts.clients, opts.requestsPerClient);
      failures = c.failures;
      await c.hold();
      c.close();
    });
    if (failures) log(`memory: ${failures} of ${opts.clients * opts.requestsPerClient} client requests failed`);
    t.push(Date.now());
    await sleep(opts.settleMs);
    const afterClients = readMemory(pid);
    t.push(Date.now());
    log(`memory: ${opts.clients} clients peak ${underClientsMiB.toFixed(1)} MiB, after ${afterClients.rssMiB.toFixed(1)} MiB`);

    let execComplete = false;
    const underExecMiB = await peakDuring(pid, async () => {
      const run = await execBridge(proxy, container, { bytes: opts.execBytes, tty: false, rounds: 1, capMs: 60_000 });
      execComplete = run.complete && run.bytes === opts.execBytes;
    });
    t.push(Date.now());
    await sleep(opts.settleMs);
    const afterExec = readMemory(pid);
    t.push(Date.now());
    log(`memory: ${opts.execBytes / 1e6} MB exec peak ${underExecMiB.toFixed(1)} MiB, after ${afterExec.rssMiB.toFixed(1)} MiB`);
    const phase = (i: number): Usage[] => samples(memlog, t[i]!, t[i + 1]!);
    const phases = [0, 1, 2, 3, 4].map(phase);
    const breakdown = phases.every((p) => p.length)
      ? { idle: lastOf(phases[0]!), underClients: peakOf(phases[1]!), afterClients: lastOf(phases[2]!), underExec: peakOf(phases[3]!), afterExec: lastOf(phases[4]!) }
      : null;
    if (breakdown) for (const [k, u] of Object.entries(breakdown)) log(`memory: ${k}: ${usageLine(u)}`);
    return { readyS, readyCpuS, restartS, restartCpuS, loadBefore, loadAfter: loadavg()[0]!, idle, clients: opts.clients, underClientsMiB, afterClients, execBytes: opts.execBytes, underExecMiB, afterExec, execComplete, breakdown };
  } finally {
    await proxy.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
