// The proxy's memory (RSS of its one process, from /proc) idle, under 200 concurrent keep-alive clients,
// after a 200 MB exec stream, and again after each load has gone: the budgets of issue 16. A fresh proxy
// child (the built dist/proxy/main.js, as npm start and the service run it) so earlier runs do not count.
import { readFileSync } from 'node:fs';
import https from 'node:https';
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
}

export interface MemoryResult {
  /** Seconds from spawning node to the "listening" line. */
  readyS: number;
  /** CPU seconds the process used until then (user + system): the start's cost whatever the machine's load. */
  readyCpuS: number;
  idle: Memory;
  clients: number;
  /** Highest RSS sampled while the clients ran and held their connections open. */
  underClientsMiB: number;
  afterClients: Memory;
  execBytes: number;
  underExecMiB: number;
  afterExec: Memory;
  execComplete: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
  ensureBuilt(); // before the clock: readyS is node's own start, not a build
  const t0 = performance.now();
  const proxy = await startProxyChild(engineSocket, opts.nodeArgs ?? [], [], opts.env ?? {});
  const readyS = (performance.now() - t0) / 1000;
  const pid = proxy.pid!;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const readyCpuS = (Number(stat[11]) + Number(stat[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  try {
    await sleep(opts.settleMs);
    const idle = readMemory(pid);
    log(`memory: idle ${idle.rssMiB.toFixed(1)} MiB (ready in ${readyS.toFixed(2)} s, ${readyCpuS.toFixed(2)} s of CPU)`);

    let failures = 0;
    const underClientsMiB = await peakDuring(pid, async () => {
      const c = await manyClients(proxy, opts.clients, opts.requestsPerClient);
      failures = c.failures;
      await c.hold();
      c.close();
    });
    if (failures) log(`memory: ${failures} of ${opts.clients * opts.requestsPerClient} client requests failed`);
    await sleep(opts.settleMs);
    const afterClients = readMemory(pid);
    log(`memory: ${opts.clients} clients peak ${underClientsMiB.toFixed(1)} MiB, after ${afterClients.rssMiB.toFixed(1)} MiB`);

    let execComplete = false;
    const underExecMiB = await peakDuring(pid, async () => {
      const run = await execBridge(proxy, container, { bytes: opts.execBytes, tty: false, rounds: 1, capMs: 60_000 });
      execComplete = run.complete && run.bytes === opts.execBytes;
    });
    await sleep(opts.settleMs);
    const afterExec = readMemory(pid);
    log(`memory: ${opts.execBytes / 1e6} MB exec peak ${underExecMiB.toFixed(1)} MiB, after ${afterExec.rssMiB.toFixed(1)} MiB`);
    return { readyS, readyCpuS, idle, clients: opts.clients, underClientsMiB, afterClients, execBytes: opts.execBytes, underExecMiB, afterExec, execComplete };
  } finally {
    await proxy.stop();
  }
}
