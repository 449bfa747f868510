// `npm run bench` (tsx tests/bench/run.ts): Porthole against the engine's own speed on this machine.
// Starts the private test engine (tests/harness), 50 sleeping containers and the real proxy in a child
// process, measures latency, throughput, exec stream throughput and the proxy's memory, prints a markdown
// table and refreshes the results section of docs/benchmarks.md. Loopback only; every loop is bounded.
//
//   --quick         small counts, for checking that the bench itself works (does not write the doc)
//   --no-doc        print only
//   --no-in-process skip the comparison with the proxy inside this process
//   --no-wait       start at once even if other processes keep the CPUs busy (default: wait up to 2 min)
//   --wait S        wait up to S seconds for the CPUs to be quiet
//   --force-doc     write the doc even when other work disturbed the budget rows (default: print only)
//   --no-lists      skip the PWA sections in Chromium (pwa.ts: the lists at 50 to 2,000 containers and 1,000
//                   images, the installed app warm, events to the screen, 110 registry tags, the 1 GB layer reader)
//   --pwa-only      only those PWA sections (no proxy measurements); --pwa-sections lists,warm,... picks some;
//                   --pwa-baseline DIR measures another build of the PWA (a dist/web) beside this one, in turn
//   --memory-only   only the memory budgets (memory.ts: idle, 200 clients, a 200 MB exec stream, spawn to first
//                   answer); prints, writes nothing (--variant "FLAGS K=V main=dist/OTHER/main.js node=PATH",
//                   repeatable: the same for other node flags, environment, build of the proxy or node binary, side
//                   by side; --repeat N:
//                   N rounds of them in turn, then each figure's median)
//   --proxy-only    only the proxy-at-its-floor sections (latency and exec against the smallest Node.js proxy and
//                   bridge, console keystroke echo); prints, writes nothing
//   --only LIST     only these sections: latency,throughput,exec,echo,memory,inprocess,lists; prints, writes nothing
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release } from 'node:os';
import { join } from 'node:path';
import { startTestEnv, type RunningTestEnv } from '../harness/env.ts';
import { engineJson, type EngineVersion } from '../harness/engine-client.ts';
import { measureExec, type ExecResult } from './exec.ts';
import { measureMemory, type MemoryResult } from './memory.ts';
import { measureLatency, type LatencyOptions, type LatencyResult } from './latency.ts';
import { directTarget, floorTarget, getOk, proxyTarget, type HttpTarget } from './lib/clients.ts';
import { measureEcho, type EchoResult } from './echo.ts';
import { removeBenchContainers, startSleepers } from './lib/containers.ts';
import { readMemory, ROOT, spawnListening, startProxyChild, startProxyInProcess, type ChildServer, type ProxyHandle } from './lib/proxy.ts';
import { Background, quietest, type Guard } from './lib/background.ts';
import { machineBusyMs } from './lib/cpu.ts';
import { now } from './lib/stats.ts';
import { budgets, CONTAINERS_PATH, renderMarkdown, writeResults, type BenchResults, type Machine } from './report.ts';
import { measureThroughput, type ThroughputResult } from './throughput.ts';
import { PWA_SECTIONS, runPwaBench, type PwaSection } from './pwa.ts';

const argv = new Set(process.argv.slice(2));
const quick = argv.has('--quick');
const memoryOnly = argv.has('--memory-only');
const SECTIONS = ['latency', 'throughput', 'exec', 'echo', 'memory', 'inprocess', 'lists'] as const;
type Section = (typeof SECTIONS)[number];
const onlyArg = process.argv.indexOf('--only');
const chosen: Set<Section> | null = argv.has('--proxy-only')
  ? new Set(['latency', 'exec', 'echo'])
  : onlyArg > 0
    ? new Set((process.argv[onlyArg + 1] ?? '').split(',').filter((x): x is Section => (SECTIONS as readonly string[]).includes(x)))
    : null;
const runs = (s: Section): boolean => (chosen ? chosen.has(s) : !(s === 'inprocess' && argv.has('--no-in-process')) && !(s === 'lists' && argv.has('--no-lists')));
// A partial run prints its tables; only a whole run replaces the doc's results.
const writeDoc = !quick && !argv.has('--no-doc') && !memoryOnly && !chosen;

const CONTAINERS = 50;
const PATHS = ['/_ping', CONTAINERS_PATH, '/images/json'];
const LATENCY: LatencyOptions = quick ? { warmup: 20, samples: 40, capMs: 5_000 } : { warmup: 30, samples: 300, capMs: 20_000 };
const THROUGHPUT = quick
  ? { rounds: 1, runMs: 500, maxRequestsPerRun: 5_000, warmupMs: 200 }
  : { rounds: 3, runMs: 1_500, maxRequestsPerRun: 50_000, warmupMs: 500 };
const EXEC = quick
  ? [{ tty: false, bytes: 20_000_000 }, { tty: true, bytes: 10_000_000 }]
  : [{ tty: false, bytes: 200_000_000 }, { tty: true, bytes: 100_000_000 }];
const EXEC_ROUNDS = quick ? 1 : 4;
const ECHO = quick ? { warmup: 10, keystrokes: 40, capMs: 10_000 } : { warmup: 30, keystrokes: 300, capMs: 30_000 };
const EXEC_CAP_MS = 20_000;
const DOC = join(ROOT, 'docs', 'benchmarks.md');

const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Share of all CPUs that other processes keep busy, over one second. */
async function backgroundBusy(): Promise<number> {
  const a = machineBusyMs();
  const t = now();
  await sleep(1000);
  return (machineBusyMs() - a) / ((now() - t) * availableParallelism());
}

/** Share of the CPUs other work (not this run, not the test engine) takes, over one second. */
async function otherNow(): Promise<number> {
  if (!bg) return backgroundBusy();
  const m = bg.mark();
  await sleep(1000);
  return bg.otherShare(m);
}

/** Waits (bounded) until the machine is quiet: a benchmark beside a test run measures the test run. */
async function waitQuiet(maxMs: number): Promise<number> {
  const deadline = now() + maxMs;
  // Quiet means three seconds in a row under 10%: test runs pause between files.
  let quiet = 0;
  let busy = 0;
  let said = 0;
  for (;;) {
    busy = await backgroundBusy();
    quiet = busy <= 0.1 ? quiet + 1 : 0;
    if (quiet >= 3 || now() >= deadline) break;
    if (quiet === 0 && now() - said > 15_000) {
      log(`the CPUs are ${(busy * 100).toFixed(0)}% busy with other work; waiting (up to ${Math.round((deadline - now()) / 1000)} s more) for them to be quiet`);
      said = now();
    }
  }
  if (quiet < 3 && busy > 0.1) log(`still ${(busy * 100).toFixed(0)}% busy with other work: measuring anyway, numbers will be noisy`);
  return busy;
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'proxy'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${sha} + uncommitted proxy/ changes` : sha;
  } catch {
    return 'unknown';
  }
}

// A measurement during which other work took more than this share of the CPUs is taken again.
const OTHER_LIMIT = 0.1;
const MAX_ATTEMPTS = quick ? 1 : 3;
// The doc is only rewritten when no budget row saw more other work than this.
const DOC_OTHER_LIMIT = 0.2;
// No new attempts after this long into the run: the whole run stays near 3 minutes.
const RETRY_UNTIL_MS = 130_000;

let bg: Background | null = null;
let retryDeadline = 0;

const guard: Guard = async (what, run) => {
  if (!bg) throw new Error('no background meter');
  const r = await quietest(bg, what, run, { limit: OTHER_LIMIT, maxAttempts: MAX_ATTEMPTS, deadline: retryDeadline, log });
  return { result: r.result, other: r.other };
};

async function measured<T extends object>(what: string, run: () => Promise<T>): Promise<T & { other: number }> {
  if (!bg) throw new Error('no background meter');
  const r = await quietest(bg, what, run, { limit: OTHER_LIMIT, maxAttempts: MAX_ATTEMPTS, deadline: retryDeadline, log });
  return { ...r.result, other: r.other };
}

async function latencyAll(direct: HttpTarget, proxy: HttpTarget, floor: HttpTarget | null = null): Promise<LatencyResult[]> {
  const out: LatencyResult[] = [];
  for (const path of PATHS) {
    const r = await measured(`latency ${path}`, () => measureLatency(direct, proxy, path, LATENCY, floor));
    const f = r.floor ? `, floor proxy p50 ${r.floor.p50.toFixed(2)} ms` : '';
    log(`latency ${path}: direct p50 ${r.direct.p50.toFixed(2)} ms, proxy p50 ${r.proxy.p50.toFixed(2)} ms${f} (${r.direct.n} samples, other work ${(r.other * 100).toFixed(0)}%)`);
    out.push(r);
  }
  return out;
}

/** The PWA's sections in Chromium (pwa.ts), on the running engine. */
async function pwa(running: RunningTestEnv, writeDoc: boolean): Promise<void> {
  const pick = process.argv.indexOf('--pwa-sections');
  const only = pick > 0 ? (process.argv[pick + 1] ?? '').split(',').filter((s): s is PwaSection => (PWA_SECTIONS as readonly string[]).includes(s)) : undefined;
  log('the PWA in Chromium');
  const baseline = process.argv.indexOf('--pwa-baseline');
  const r = await runPwaBench({ running, writeDoc, quick, log, ...(only ? { only } : {}), ...(baseline > 0 ? { baselineWebRoot: process.argv[baseline + 1] } : {}) });
  process.stdout.write(`\n${r.lists?.markdown ?? ''}\n\n${r.markdown}\n\n`);
}

/** One line: the median of each memory figure over runs of one variant, each run's value beside it, and the load. */
function memoryMedians(name: string, list: MemoryResult[]): string {
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const figure = (label: string, pick: (m: MemoryResult) => number, unit: string, digits = 1): string =>
    `${label} ${median(list.map(pick)).toFixed(digits)}${unit} (${list.map((m) => pick(m).toFixed(digits)).join(', ')})`;
  return [
    `median of ${list.length} runs, ${name}:`,
    figure('idle', (m) => m.idle.rssMiB, ' MiB'),
    figure('clients peak', (m) => m.underClientsMiB, ' MiB'),
    figure('after clients', (m) => m.afterClients.rssMiB, ' MiB'),
    figure('exec peak', (m) => m.underExecMiB, ' MiB'),
    figure('after exec', (m) => m.afterExec.rssMiB, ' MiB'),
    figure('first answer', (m) => m.readyS, ' s', 2),
    figure('restart answer', (m) => m.restartS, ' s', 2),
    figure('restart CPU', (m) => m.restartCpuS, ' s', 2),
    `load average ${list.map((m) => `${m.loadBefore.toFixed(1)}-${m.loadAfter.toFixed(1)}`).join(', ')}`,
    list.every((m) => m.execComplete) ? 'every exec stream complete' : 'an exec stream was INCOMPLETE',
  ].join('; ');
}

async function main(): Promise<void> {
  const waitArg = process.argv.indexOf('--wait');
  const waitMs = argv.has('--no-wait') || quick ? 0 : waitArg > 0 ? Number(process.argv[waitArg + 1]) * 1000 : 120_000;
  const busyBefore = await waitQuiet(waitMs);
  const t0 = now();
  const loadBefore = load();
  let running: RunningTestEnv | null = null;
  let proxy: ProxyHandle | null = null;
  const targets: HttpTarget[] = [];
  const floors: ChildServer[] = [];
  try {
    log('starting the test engine');
    running = await startTestEnv();
    if (argv.has('--pwa-only')) {
      await pwa(running, writeDoc);
      return;
    }
    const socket = running.env.engineSocket;
    // Every process of the test engine names a path starting with this on its command line.
    bg = new Background(`porthole-test-${process.pid}-`, () => (proxy?.pid ? [proxy.pid] : []));
    retryDeadline = t0 + RETRY_UNTIL_MS;
    const version = await engineJson<EngineVersion>(socket, 'GET', '/version');

    log(`starting ${CONTAINERS} containers`);
    const ids = await startSleepers(socket, running.env.fixtures.plain.ref, CONTAINERS);
    const execContainer = ids[0]!;
    const memoryOptions = { clients: 200, requestsPerClient: quick ? 2 : 5, execBytes: quick ? 20_000_000 : 200_000_000, settleMs: quick ? 1000 : 3000 };
    if (memoryOnly) {
      // --variant "FLAGS [K=V...]" (repeatable): the same run with other node flags or environment, side by side;
      // --repeat N: N rounds, the variants taking turns in each, then the median of each figure per variant.
      const variants = process.argv.flatMap((a, i) => (a === '--variant' ? [process.argv[i + 1] ?? ''] : []));
      const repeatArg = process.argv.indexOf('--repeat');
      const rounds = repeatArg > 0 ? Math.max(1, Number(process.argv[repeatArg + 1]) || 1) : 1;
      const results = new Map<string, MemoryResult[]>();
      for (let round = 1; round <= rounds; round++) {
        for (const v of variants.length ? variants : ['']) {
          const words = v.split(' ').filter(Boolean);
          const env = Object.fromEntries(words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
          const nodeArgs = words.filter((w) => w.startsWith('--'));
          const main = words.find((w) => w.startsWith('main='))?.slice('main='.length);
          const node = words.find((w) => w.startsWith('node='))?.slice('node='.length);
          const name = v || '(as shipped)';
          log(`memory variant: ${name}${rounds > 1 ? `, round ${round} of ${rounds}` : ''} (load average ${load()})`);
          const m = await measureMemory(socket, execContainer, { ...memoryOptions, nodeArgs, env, ...(main ? { main } : {}), ...(node ? { node } : {}) }, log);
          process.stdout.write(`${name}: ${JSON.stringify(m)}\n`);
          results.set(name, [...(results.get(name) ?? []), m]);
        }
      }
      if (rounds > 1) for (const [name, list] of results) process.stdout.write(`${memoryMedians(name, list)}\n`);
      return;
    }

    proxy = await startProxyChild(socket);
    log(`proxy child pid ${proxy.pid} on ${proxy.origin}`);
    const memStart = readMemory(proxy.pid!);
    const direct = directTarget(socket);
    const viaProxy = proxyTarget(proxy);
    targets.push(direct, viaProxy);
    // The floor, in the same run: the smallest Node.js HTTPS proxy and the minimal exec bridge (tests/bench/lib).
    let floor: HttpTarget | null = null;
    if (runs('latency')) {
      const mini = await spawnListening(join(ROOT, 'tests', 'bench', 'lib', 'mini-proxy.ts'), ['http-proxy', '1', socket]);
      floors.push(mini);
      floor = floorTarget(Number(mini.listening));
      targets.push(floor);
    }
    let floorBridge: number | null = null;
    if (runs('exec')) {
      const mini = await spawnListening(join(ROOT, 'tests', 'bench', 'lib', 'mini-bridge.ts'), [socket]);
      floors.push(mini);
      floorBridge = Number(mini.listening);
    }

    // Both sides answer the same thing: 50 containers in the listing.
    const listed = await getOk(direct, CONTAINERS_PATH);
    const proxied = await getOk(viaProxy, CONTAINERS_PATH);
    log(`/containers/json: ${listed.bytes} bytes direct, ${proxied.bytes} bytes through the proxy`);

    const latency = runs('latency') ? await latencyAll(direct, viaProxy, floor) : [];
    const throughput: ThroughputResult[] = [];
    for (const concurrency of runs('throughput') ? [1, 16] : []) {
      const r = await measureThroughput(direct, viaProxy, CONTAINERS_PATH, { ...THROUGHPUT, concurrency }, guard);
      log(`throughput c=${concurrency}: direct ${r.directRps.toFixed(0)} req/s, proxy ${r.proxyRps.toFixed(0)} req/s (other work ${((r.other ?? 0) * 100).toFixed(0)}%)`);
      throughput.push(r);
    }
    const memAfterHttp = readMemory(proxy.pid!);

    const exec: ExecResult[] = [];
    for (const e of runs('exec') ? EXEC : []) {
      const r = await measureExec(socket, proxy, execContainer, { ...e, rounds: EXEC_ROUNDS, capMs: EXEC_CAP_MS }, guard, floorBridge);
      const f = r.floorBps ? `, minimal bridge ${(r.floorBps / 1e6).toFixed(1)} MB/s` : '';
      log(`exec ${e.tty ? 'TTY' : 'non-TTY'}: direct ${(r.directBps / 1e6).toFixed(1)} MB/s, bridge ${(r.bridgeBps / 1e6).toFixed(1)} MB/s${f} (other work ${((r.other ?? 0) * 100).toFixed(0)}%)`);
      exec.push(r);
    }
    const memAfterExec = readMemory(proxy.pid!);

    let echo: EchoResult | null = null;
    if (runs('echo')) {
      echo = await measured('console echo', () => measureEcho(socket, proxy!, execContainer, ECHO));
      log(`console echo: direct p50 ${echo.direct.p50.toFixed(2)} ms, through Porthole p50 ${echo.bridge.p50.toFixed(2)} ms (other work ${((echo.other ?? 0) * 100).toFixed(0)}%)`);
    }
    for (const f of floors.splice(0)) await f.stop();
    await proxy.stop();
    proxy = null;

    const memoryLoad: MemoryResult | null = runs('memory') ? await measureMemory(socket, execContainer, memoryOptions, log) : null;

    let inProcessLatency: LatencyResult[] = [];
    if (runs('inprocess')) {
      log('again with the proxy in this process (comparison only)');
      proxy = await startProxyInProcess(socket);
      const local = proxyTarget(proxy);
      targets.push(local);
      inProcessLatency = await latencyAll(direct, local);
      await proxy.stop();
      proxy = null;
    }

    log('removing the containers');
    await removeBenchContainers(socket);

    const machine: Machine = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      commit: gitCommit(),
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      kernel: release(),
      node: process.version,
      engine: version.Version,
      engineApi: version.ApiVersion,
      loadBefore,
      loadAfter: load(),
      busyBefore,
      busyAfter: await otherNow(),
    };
    const results: BenchResults = {
      machine,
      containers: CONTAINERS,
      latencySamples: LATENCY.samples,
      latency,
      inProcessLatency,
      throughput,
      throughputRunMs: THROUGHPUT.runMs,
      throughputRounds: THROUGHPUT.rounds,
      exec,
      echo,
      echoKeystrokes: ECHO.keystrokes,
      memory: { start: memStart, afterHttp: memAfterHttp, afterExec: memAfterExec },
      memoryLoad,
      durationS: (now() - t0) / 1000,
    };
    const markdown = renderMarkdown(results);
    process.stdout.write(`\n${markdown}\n\n`);
    // The budget rows decide what the doc claims: do not replace its results with ones other work disturbed.
    const budgetRows = [latency.find((l) => l.path === CONTAINERS_PATH)?.other ?? 0, ...exec.map((e) => e.other ?? 0)];
    const disturbed = Math.max(...budgetRows);
    if (writeDoc && (disturbed <= DOC_OTHER_LIMIT || argv.has('--force-doc'))) {
      writeResults(DOC, markdown);
      log(`results written to ${DOC}`);
    } else if (writeDoc) {
      log(`other work took up to ${(disturbed * 100).toFixed(0)}% of the CPUs during the budget rows: ${DOC} left as it was (--force-doc writes anyway)`);
    }
    const missed = budgets(results).filter((b) => !b.holds);
    if (missed.length) log(`budget missed: ${missed.map((b) => b.name).join('; ')}`);

    // Last, on the same engine: the lists make thousands of containers, which would slow the engine's answers above.
    if (runs('lists')) await pwa(running, writeDoc);
  } finally {
    for (const t of targets) t.close();
    for (const f of floors) await f.stop().catch((e: Error) => log(`stopping a floor process: ${e.message}`));
    if (proxy) await proxy.stop().catch((e: Error) => log(`stopping the proxy: ${e.message}`));
    if (running) await running.stop();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`[bench] failed: ${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
