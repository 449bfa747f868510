// Experiments that take the proxy's cost apart (not part of `npm run bench`; see docs/benchmarks.md):
//   npx tsx tests/bench/experiments.ts [--only latency,timing,cpu,exec,bridge] [--no-mini] [--rounds N] [--profile DIR]
//     [--patch no-early-flush,token-cache] [--child-env K=V] [--child-main dist/OTHER/main.js]
// latency: /_ping and /containers/json (50 containers) direct, through minimal proxies (http-proxy over HTTP,
//          http-proxy over HTTPS, a plain pipe over HTTPS) and through Porthole, all interleaved.
// timing:  when the headers, the first body byte and the end arrive, and in how many chunks.
// cpu:     CPU milliseconds per request spent by the client, the proxy and dockerd for each of them.
// exec:    CPU spent per MB of exec output, direct vs the bridge, non-TTY and TTY, and the bridge's message sizes.
// bridge:  exec throughput direct, through Porthole's bridge, through a rebuild of the bridge (lib/mini-bridge.ts)
//          and through variants of the rebuild (streaming demux, send-callback back-pressure, coalesced messages).
// --patch:  a second Porthole child with candidate fixes patched in at load time (lib/patches.ts).
// --profile DIR: Porthole runs with --cpu-prof; the hottest functions are printed at the end.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { startTestEnv, type RunningTestEnv } from '../harness/env.ts';
import { execBridge, execDirect, readWebSocketStream, type StreamRun } from './exec.ts';
import { API_VERSION, type Reply } from './lib/clients.ts';
import { removeBenchContainers, startSleepers } from './lib/containers.ts';
import { Background, quietest } from './lib/background.ts';
import { since, snapshot, threadCpuMs } from './lib/cpu.ts';
import { ROOT, spawnListening, startProxyChild, type ChildServer, type ProxyHandle } from './lib/proxy.ts';
import { now, summarize } from './lib/stats.ts';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = new Set((opt('--only') ?? 'latency,cpu,exec').split(','));
const profileDir = opt('--profile');
const log = (msg: string): void => void process.stderr.write(`[experiment] ${msg}\n`);

interface Timing extends Reply {
  /** ms from sending to the response headers, to the first body byte, to the end. */
  headers: number;
  firstByte: number;
  end: number;
  chunks: number;
  /** x-upstream-ms of the pipe proxy: the engine's time as the proxy saw it. */
  upstream: number;
}

interface Target {
  name: string;
  pid: number | null;
  get(path: string): Promise<Timing>;
  close(): void;
}

function target(name: string, pid: number | null, mod: typeof http | typeof https, base: http.RequestOptions, prefix: string, agent: http.Agent): Target {
  return {
    name,
    pid,
    close: () => agent.destroy(),
    get: (path) =>
      new Promise((resolve, reject) => {
        const t0 = now();
        const req = mod.request({ ...base, agent, method: 'GET', path: prefix + path, timeout: 15_000 }, (res) => {
          const headers = now() - t0;
          const upstream = Number(res.headers['x-upstream-ms'] ?? Number.NaN);
          let bytes = 0;
          let chunks = 0;
          let firstByte = 0;
          res.on('data', (c: Buffer) => {
            if (!chunks) firstByte = now() - t0;
            bytes += c.length;
            chunks++;
          });
          res.on('end', () =>
            res.statusCode === 200
              ? resolve({ status: 200, bytes, headers, firstByte, end: now() - t0, chunks, upstream })
              : reject(new Error(`${name} GET ${path}: ${res.statusCode}`)),
          );
        });
        req.on('timeout', () => req.destroy(new Error(`${name} GET ${path} timed out`)));
        req.on('error', reject);
        req.end();
      }),
  };
}

const httpsAgent = (): https.Agent => new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false });
const httpAgent = (): http.Agent => new http.Agent({ keepAlive: true, maxSockets: 64 });

async function latency(targets: Target[], path: string, samples: number): Promise<void> {
  for (let i = 0; i < 30; i++) for (const t of targets) await t.get(path);
  const ms = new Map(targets.map((t) => [t.name, [] as number[]]));
  const deadline = now() + 30_000;
  for (let i = 0; i < samples && now() < deadline; i++) {
    const order = targets.map((_, k) => targets[(k + i) % targets.length]!);
    for (const t of order) {
      const t0 = now();
      await t.get(path);
      ms.get(t.name)!.push(now() - t0);
    }
  }
  const base = summarize(ms.get(targets[0]!.name)!);
  console.log(`\nlatency ${path} (${base.n} per target, interleaved)\n| target | p50 ms | p99 ms | added p50 | ratio p50 |\n|---|---:|---:|---:|---:|`);
  for (const t of targets) {
    const s = summarize(ms.get(t.name)!);
    console.log(`| ${t.name} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${(s.p50 - base.p50).toFixed(2)} | ${(s.p50 / base.p50).toFixed(2)}x |`);
  }
}

async function timing(targets: Target[], path: string, samples: number): Promise<void> {
  for (let i = 0; i < 30; i++) for (const t of targets) await t.get(path);
  const runs = new Map(targets.map((t) => [t.name, [] as Timing[]]));
  const deadline = now() + 30_000;
  for (let i = 0; i < samples && now() < deadline; i++) {
    for (let k = 0; k < targets.length; k++) {
      const t = targets[(k + i) % targets.length]!;
      runs.get(t.name)!.push(await t.get(path));
    }
  }
  console.log(`\ntiming ${path} (p50 ms from sending; ${samples} per target)\n| target | headers | first body byte | end | body chunks (p50) | bytes | engine as the proxy saw it |\n|---|---:|---:|---:|---:|---:|---:|`);
  for (const t of targets) {
    const r = runs.get(t.name)!;
    const p = (f: (x: Timing) => number): string => summarize(r.map(f)).p50.toFixed(2);
    const up = Number.isNaN(r[0]?.upstream ?? Number.NaN) ? '–' : p((x) => x.upstream);
    console.log(`| ${t.name} | ${p((x) => x.headers)} | ${p((x) => x.firstByte)} | ${p((x) => x.end)} | ${p((x) => x.chunks)} | ${r[0]?.bytes ?? 0} | ${up} |`);
  }
}

async function cpu(targets: Target[], engine: number, path: string, n: number): Promise<void> {
  console.log(`\nCPU ms per request, ${path}, ${n} sequential requests each\n| target | wall ms/req | client | proxy | dockerd | whole machine |\n|---|---:|---:|---:|---:|---:|`);
  for (const t of targets) {
    for (let i = 0; i < 20; i++) await t.get(path);
    const pids = t.pid ? [engine, t.pid] : [engine];
    const s = snapshot(pids);
    const threads = t.pid ? threadCpuMs(t.pid) : null;
    const t0 = now();
    for (let i = 0; i < n; i++) await t.get(path);
    const wall = now() - t0;
    const d = since(s);
    if (t.pid && threads) {
      const after = threadCpuMs(t.pid);
      const parts = [...after].map(([k, v]) => [k, v - (threads.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
      log(`${t.name} threads, CPU ms per request: ${parts.map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join(', ')}`);
    }
    const per = (v: number | undefined): string => (v === undefined ? '–' : (v / n).toFixed(2));
    console.log(`| ${t.name} | ${(wall / n).toFixed(2)} | ${per(d.self)} | ${per(t.pid ? d.pids.get(t.pid) : undefined)} | ${per(d.pids.get(engine))} | ${per(d.machine)} |`);
  }
}

async function execCpu(socket: string, porthole: ProxyHandle, engine: number, container: string): Promise<void> {
  console.log('\nexec streams: CPU ms per MB of output (one run each after a warm-up)\n| stream | path | MB/s | client | proxy | dockerd | whole machine | chunks/messages | avg bytes each |\n|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const tty of [false, true]) {
    const o = { bytes: tty ? 100_000_000 : 200_000_000, tty, rounds: 1, capMs: 30_000 };
    await execDirect(socket, container, { ...o, bytes: 1_000_000 });
    await execBridge(porthole, container, { ...o, bytes: 1_000_000 });
    for (const side of ['direct', 'bridge'] as const) {
      const s = snapshot([engine, porthole.pid!]);
      const r: StreamRun = side === 'direct' ? await execDirect(socket, container, o) : await execBridge(porthole, container, o);
      const d = since(s);
      const mb = r.bytes / 1e6;
      const per = (v: number | undefined): string => (v === undefined ? '–' : (v / mb).toFixed(2));
      console.log(
        `| ${tty ? 'TTY' : 'non-TTY'} | ${side} | ${(r.bytes / r.ms / 1000).toFixed(1)} | ${per(d.self)} | ${side === 'bridge' ? per(d.pids.get(porthole.pid!)) : '–'} | ${per(d.pids.get(engine))} | ${per(d.machine)} | ${r.chunks} | ${Math.round(r.bytes / r.chunks)} |`,
      );
    }
  }
}

interface StreamSide {
  name: string;
  pid: number | null;
  run(bytes: number, tty: boolean): Promise<StreamRun>;
}

/** Porthole's bridge, its rebuild (lib/mini-bridge.ts) and variants of it, against the engine's own speed. */
async function bridgeVariants(socket: string, porthole: ProxyHandle, engine: number, container: string, rounds: number, others: ProxyHandle[]): Promise<ChildServer> {
  const mini = await spawnListening(join(ROOT, 'tests', 'bench', 'lib', 'mini-bridge.ts'), [socket]);
  const capMs = 30_000;
  const variant = (name: string, q: string): StreamSide => ({
    name,
    pid: mini.pid,
    run: (bytes, tty) =>
      readWebSocketStream(`wss://127.0.0.1:${mini.listening}/?container=${container}&tty=${tty ? 1 : 0}&bytes=${bytes}&${q}`, {}, { bytes, capMs }, false),
  });
  const sides: StreamSide[] = [
    { name: 'direct (hijacked socket)', pid: null, run: (bytes, tty) => execDirect(socket, container, { bytes, tty, rounds: 1, capMs }) },
    { name: 'Porthole bridge', pid: porthole.pid, run: (bytes, tty) => execBridge(porthole, container, { bytes, tty, rounds: 1, capMs }) },
    ...others.map((p, i) => ({ name: `Porthole bridge, child ${i + 2} (${opt('--child-env') ?? opt('--child-main') ?? opt('--patch')})`, pid: p.pid, run: (bytes: number, tty: boolean) => execBridge(p, container, { bytes, tty, rounds: 1, capMs }) })),
    ...(args.includes('--no-mini')
      ? []
      : [
          variant('rebuild: as bridge.ts (copy demux, 10 ms poll)', 'demux=copy&bp=poll&coalesce=0'),
          variant('rebuild + send-callback back-pressure', 'demux=copy&bp=callback&coalesce=0'),
          variant('rebuild + streaming demux', 'demux=stream&bp=poll&coalesce=0'),
          variant('rebuild + coalescing (64 KiB / 2 ms)', 'demux=copy&bp=poll&coalesce=1'),
          variant('rebuild + all three', 'demux=stream&bp=callback&coalesce=1'),
        ]),
  ];
  for (const tty of [false, true]) {
    const bytes = tty ? 100_000_000 : 200_000_000;
    for (const s of sides) await s.run(1_000_000, tty);
    const acc = new Map(sides.map((s) => [s.name, { bytes: 0, ms: 0, proxy: 0, client: 0, machine: 0, chunks: 0, incomplete: 0, other: 0 }]));
    const bg = new Background(`porthole-test-${process.pid}-`, () => [porthole.pid!, mini.pid]);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < sides.length; k++) {
        const s = sides[(k + r) % sides.length]!;
        const q = await quietest(
          bg,
          `${s.name} ${tty ? 'TTY' : 'non-TTY'}`,
          async () => {
            const snap = snapshot(s.pid ? [engine, s.pid] : [engine]);
            const run = await s.run(bytes, tty);
            return { run, d: since(snap) };
          },
          { limit: 0.1, maxAttempts: 4, deadline: now() + 600_000, log },
        );
        const { run, d } = q.result;
        const a = acc.get(s.name)!;
        a.other += q.other / rounds;
        a.bytes += run.bytes;
        a.ms += run.ms;
        a.chunks += run.chunks;
        a.client += d.self;
        a.machine += d.machine;
        a.proxy += s.pid ? (d.pids.get(s.pid) ?? 0) : 0;
        if (!run.complete) a.incomplete++;
      }
    }
    const base = acc.get(sides[0]!.name)!;
    const baseRate = base.bytes / base.ms;
    console.log(`\nexec ${tty ? 'TTY' : 'non-TTY'}, ${bytes / 1e6} MB x ${rounds} per side, interleaved\n| path | MB/s | of direct | proxy CPU ms/MB | client CPU ms/MB | machine CPU ms/MB | avg message bytes | other work |\n|---|---:|---:|---:|---:|---:|---:|---:|`);
    for (const s of sides) {
      const a = acc.get(s.name)!;
      const mb = a.bytes / 1e6;
      const rate = a.bytes / a.ms;
      console.log(
        `| ${s.name}${a.incomplete ? ` (${a.incomplete} incomplete)` : ''} | ${(rate / 1000).toFixed(1)} | ${((rate / baseRate) * 100).toFixed(0)}% | ${s.pid ? (a.proxy / mb).toFixed(2) : '–'} | ${(a.client / mb).toFixed(2)} | ${(a.machine / mb).toFixed(2)} | ${Math.round(a.bytes / a.chunks)} | ${(a.other * 100).toFixed(0)}% |`,
      );
    }
  }
  return mini;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function summarizeProfile(dir: string): void {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
    const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    const total = p.samples.filter((id) => !idle.has(id)).length;
    if (total < 1000) continue; // the loader thread's profile
    const byFn = new Map<string, number>();
    for (const n of p.nodes) {
      if (idle.has(n.id)) continue;
      const url = n.callFrame.url.replace(`file://${ROOT}/`, '').replace(/^.*node_modules\//, '');
      const key = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
      byFn.set(key, (byFn.get(key) ?? 0) + (n.hitCount ?? 0));
    }
    console.log(`\nprofile ${f}: ${total} busy samples (100 µs each) over ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s; share of busy time, self, top 40`);
    for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  }
}

async function main(): Promise<void> {
  let running: RunningTestEnv | null = null;
  const children: ChildServer[] = [];
  let porthole: ProxyHandle | null = null;
  const extraProxies: ProxyHandle[] = [];
  const targets: Target[] = [];
  try {
    running = await startTestEnv();
    const socket = running.env.engineSocket;
    const ids = await startSleepers(socket, running.env.fixtures.plain.ref, 50);
    const profileArgs = profileDir ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', profileDir] : [];
    porthole = await startProxyChild(socket, { extraNodeArgs: profileArgs });
    log(`Porthole pid ${porthole.pid}`);
    targets.push(target('direct (socket)', null, http, { socketPath: socket }, `/v${API_VERSION}`, httpAgent()));
    if ((only.has('latency') || only.has('cpu') || only.has('timing')) && !args.includes('--no-mini')) {
      const script = join(ROOT, 'tests', 'bench', 'lib', 'mini-proxy.ts');
      for (const [mode, tls] of [['http-proxy', '0'], ['http-proxy', '1'], ['pipe', '1']] as const) {
        const c = await spawnListening(script, [mode, tls, socket], {}, profileArgs);
        children.push(c);
        log(`${mode} over ${tls === '1' ? 'HTTPS' : 'HTTP'} pid ${c.pid}`);
        const port = Number(c.listening);
        const base = { host: '127.0.0.1', port };
        targets.push(tls === '1'
          ? target(`${mode} over HTTPS`, c.pid, https, base, `/v${API_VERSION}`, httpsAgent())
          : target(`${mode} over HTTP`, c.pid, http, base, `/v${API_VERSION}`, httpAgent()));
      }
    }
    const headers = { host: `127.0.0.1:${porthole.port}`, authorization: `Bearer ${porthole.token}` };
    targets.push(target('Porthole', porthole.pid, https, { host: '127.0.0.1', port: porthole.port, headers }, '/api/engines/local', httpsAgent()));
    const childEnv = opt('--child-env');
    if (childEnv) {
      // The same Porthole with one environment variable set: for A/B runs of a switch inside proxy/.
      const k = childEnv.slice(0, childEnv.indexOf('='));
      const v = childEnv.slice(childEnv.indexOf('=') + 1);
      // NODE_ARGS=... is passed as node's own arguments (flags NODE_OPTIONS refuses, e.g. --single-threaded-gc).
      const other = await startProxyChild(socket, k === 'NODE_ARGS' ? { nodeArgs: v.split(' ') } : { env: { [k]: v } });
      extraProxies.push(other);
      const h = { host: `127.0.0.1:${other.port}`, authorization: `Bearer ${other.token}` };
      targets.push(target(`Porthole ${childEnv}`, other.pid, https, { host: '127.0.0.1', port: other.port, headers: h }, '/api/engines/local', httpsAgent()));
    }
    const childMain = opt('--child-main');
    if (childMain) {
      // Another build of the proxy beside this one (e.g. a copy of dist/proxy from before a change).
      const other = await startProxyChild(socket, { main: childMain });
      extraProxies.push(other);
      const h = { host: `127.0.0.1:${other.port}`, authorization: `Bearer ${other.token}` };
      targets.push(target(`Porthole ${childMain}`, other.pid, https, { host: '127.0.0.1', port: other.port, headers: h }, '/api/engines/local', httpsAgent()));
    }
    const patch = opt('--patch');
    if (patch) {
      // Candidate fixes applied to a second Porthole child at load time (lib/patches.ts).
      const patched = await startProxyChild(socket, { preloads: [join(ROOT, 'tests', 'bench', 'lib', 'patches.ts')], env: { PORTHOLE_BENCH_PATCH: patch } });
      extraProxies.push(patched);
      const h = { host: `127.0.0.1:${patched.port}`, authorization: `Bearer ${patched.token}` };
      targets.push(target(`Porthole + ${patch}`, patched.pid, https, { host: '127.0.0.1', port: patched.port, headers: h }, '/api/engines/local', httpsAgent()));
    }

    if (only.has('latency')) {
      await latency(targets, '/_ping', 300);
      await latency(targets, '/containers/json?all=1', 300);
    }
    if (only.has('timing')) {
      await timing(targets, '/_ping', 300);
      await timing(targets, '/containers/json?all=1', 300);
    }
    if (only.has('cpu')) {
      await cpu(targets, running.engine.pid, '/_ping', 500);
      await cpu(targets, running.engine.pid, '/containers/json?all=1', 300);
    }
    if (only.has('exec')) await execCpu(socket, porthole, running.engine.pid, ids[0]!);
    if (only.has('bridge')) children.push(await bridgeVariants(socket, porthole, running.engine.pid, ids[0]!, Number(opt('--rounds') ?? 2), extraProxies));
    await removeBenchContainers(socket);
  } finally {
    for (const t of targets) t.close();
    for (const c of children) await c.stop();
    for (const p of extraProxies) await p.stop();
    if (porthole) await porthole.stop();
    if (running) await running.stop();
  }
  if (profileDir) summarizeProfile(profileDir);
}

main().catch((e: Error) => {
  process.stderr.write(`[experiment] failed: ${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
