// Turns the measurements into markdown: the tables printed at the end of a run and written between the
// results markers of docs/benchmarks.md, and the verdict on the two budgets.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { EchoResult } from './echo.ts';
import type { ExecResult } from './exec.ts';
import type { LatencyResult } from './latency.ts';
import type { Memory } from './lib/proxy.ts';
import type { MemoryResult, Usage } from './memory.ts';
import { int, mbps, ms, pct, ratio, signedMs } from './lib/stats.ts';
import type { ThroughputResult } from './throughput.ts';

export interface Machine {
  date: string;
  commit: string;
  cpus: number;
  cpuModel: string;
  kernel: string;
  node: string;
  engine: string;
  engineApi: string;
  loadBefore: string;
  loadAfter: string;
  /** Share of the CPUs busy with other work just before and just after the run. */
  busyBefore: number;
  busyAfter: number;
}

export interface BenchResults {
  machine: Machine;
  containers: number;
  latencySamples: number;
  latency: LatencyResult[];
  inProcessLatency: LatencyResult[];
  throughput: ThroughputResult[];
  throughputRunMs: number;
  throughputRounds: number;
  exec: ExecResult[];
  /** Console keystroke echo, direct and through Porthole (echo.ts), when measured. */
  echo: EchoResult | null;
  echoKeystrokes: number;
  memory: { start: Memory; afterHttp: Memory; afterExec: Memory } | null;
  /** The memory budgets' own run on a fresh proxy child (memory.ts). */
  memoryLoad: MemoryResult | null;
  durationS: number;
}

export interface Budget {
  name: string;
  limit: string;
  measured: string;
  holds: boolean;
}

export const CONTAINERS_PATH = '/containers/json?all=1';
export const START = '<!-- results:start -->';
export const END = '<!-- results:end -->';

export function budgets(r: BenchResults): Budget[] {
  const out: Budget[] = [];
  const list = r.latency.find((l) => l.path === CONTAINERS_PATH);
  if (list) {
    const q = list.proxy.p50 / list.direct.p50;
    out.push({
      name: `the proxy adds at most 10% to the engine's own time for /containers/json with ${r.containers} containers (p50)`,
      limit: '≤ 1.10x',
      measured: `${ratio(q)} (${ms(list.direct.p50)} → ${ms(list.proxy.p50)} ms, ${signedMs(list.proxy.p50 - list.direct.p50)} ms)`,
      holds: q <= 1.1,
    });
  }
  // Issue 18 item 6: Porthole against the smallest Node.js proxy and bridge, measured in the same run.
  for (const l of r.latency) {
    if (!l.floor) continue;
    const added = l.proxy.p50 - l.floor.p50;
    out.push({
      name: `Porthole adds at most 0.1 ms p50 over the smallest Node.js HTTPS proxy (http-proxy, keep-alive agent) on ${label(l.path, r.containers)}`,
      limit: '≤ +0.10 ms',
      measured: `${signedMs(added)} ms (floor ${ms(l.floor.p50)} → Porthole ${ms(l.proxy.p50)} ms; engine ${ms(l.direct.p50)} ms)`,
      holds: added <= 0.1,
    });
  }
  for (const e of r.exec) {
    if (!e.floorBps) continue;
    const q = e.bridgeBps / e.floorBps;
    out.push({
      name: `the exec bridge carries at least 95% of the minimal Node.js bridge's throughput (${e.tty ? 'TTY' : 'non-TTY'})`,
      limit: '≥ 95%',
      measured: `${pct(q)} (minimal ${mbps(e.floorBps)} → Porthole ${mbps(e.bridgeBps)} MB/s)`,
      holds: q >= 0.95,
    });
  }
  if (r.echo) {
    const added = r.echo.bridge.p50 - r.echo.direct.p50;
    out.push({
      name: 'a console keystroke\'s echo adds at most 2 ms p50 over an exec read straight from the engine socket',
      limit: '≤ +2 ms',
      measured: `${signedMs(added)} ms (${ms(r.echo.direct.p50)} → ${ms(r.echo.bridge.p50)} ms)`,
      holds: added <= 2,
    });
  }
  const m = r.memoryLoad;
  if (m) {
    // The budgets are in MB (10^6 bytes): 60 MB is 57.2 MiB, 100 MB is 95.4 MiB.
    const mib = (v: number): string => `${v.toFixed(1)} MiB (${((v * 1048576) / 1e6).toFixed(1)} MB)`;
    const mb = (limit: number): number => (limit * 1e6) / 1048576;
    out.push(
      {
        name: 'the proxy is ready to serve in under 1 s once built (spawn to its first HTTPS answer, GET /; a first start, which makes the local CA and certificate, and a restart)',
        limit: '< 1 s',
        measured: `first ${m.readyS.toFixed(2)} s (${m.readyCpuS.toFixed(2)} s of CPU), restart ${m.restartS.toFixed(2)} s (${m.restartCpuS.toFixed(2)} s of CPU)`,
        holds: m.readyS < 1 && m.restartS < 1,
      },
      { name: 'RSS idle', limit: '≤ 60 MB', measured: mib(m.idle.rssMiB), holds: m.idle.rssMiB <= mb(60) },
      { name: `RSS under ${m.clients} concurrent keep-alive clients (peak sampled)`, limit: '≤ 100 MB', measured: mib(m.underClientsMiB), holds: m.underClientsMiB <= mb(100) },
      { name: `RSS during and after a ${int(m.execBytes / 1e6)} MB exec stream (peak sampled)${m.execComplete ? '' : ' (stream incomplete!)'}`, limit: '≤ 100 MB', measured: mib(m.underExecMiB), holds: m.underExecMiB <= mb(100) && m.execComplete },
    );
  }
  for (const e of r.exec) {
    const q = e.bridgeBps / e.directBps;
    out.push({
      name: `the bridge carries at least 90% of the engine's own exec throughput (${e.tty ? 'TTY' : 'non-TTY'})`,
      limit: '≥ 90%',
      measured: `${pct(q)} (${mbps(e.directBps)} → ${mbps(e.bridgeBps)} MB/s)`,
      holds: q >= 0.9,
    });
  }
  return out;
}

const other = (v: number | undefined): string => (v === undefined ? '–' : pct(v));
const label = (path: string, containers: number): string => (path === CONTAINERS_PATH ? `GET ${path} (${containers} containers)` : `GET ${path}`);

function latencyTable(rows: LatencyResult[], containers: number): string[] {
  const floor = rows.some((l) => l.floor);
  const out = floor
    ? [
        '| request | direct p50 | floor proxy p50 | proxy p50 | added p50 | over the floor p50 | ratio p50 | direct p99 | floor p99 | proxy p99 | other work |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ]
    : [
        '| request | direct p50 | proxy p50 | added p50 | ratio p50 | direct p99 | proxy p99 | added p99 | other work |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ];
  for (const l of rows) {
    out.push(
      floor
        ? `| ${label(l.path, containers)} | ${ms(l.direct.p50)} | ${ms(l.floor?.p50 ?? Number.NaN)} | ${ms(l.proxy.p50)} | ${signedMs(l.proxy.p50 - l.direct.p50)} | ${signedMs(l.proxy.p50 - (l.floor?.p50 ?? Number.NaN))} | ${ratio(l.proxy.p50 / l.direct.p50)} | ${ms(l.direct.p99)} | ${ms(l.floor?.p99 ?? Number.NaN)} | ${ms(l.proxy.p99)} | ${other(l.other)} |`
        : `| ${label(l.path, containers)} | ${ms(l.direct.p50)} | ${ms(l.proxy.p50)} | ${signedMs(l.proxy.p50 - l.direct.p50)} | ${ratio(l.proxy.p50 / l.direct.p50)} | ${ms(l.direct.p99)} | ${ms(l.proxy.p99)} | ${signedMs(l.proxy.p99 - l.direct.p99)} | ${other(l.other)} |`,
    );
  }
  return out;
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(
    `Measured ${m.date} at commit \`${m.commit}\` in ${r.durationS.toFixed(0)} s: ${m.cpus} CPUs (${m.cpuModel}), Linux ${m.kernel}, Node ${m.node}, ` +
      `dockerd ${m.engine} (API ${m.engineApi}). Other work kept ${pct(m.busyBefore)} of the CPUs busy just before the run and ${pct(m.busyAfter)} just after ` +
      `(load average ${m.loadBefore} before, ${m.loadAfter} after, the run's own load included). ` +
      `The proxy ran in its own process; "direct" is a keep-alive client on the engine socket, "proxy" a keep-alive HTTPS client through Porthole. ` +
      `"Other work" is the share of the CPUs that processes outside the benchmark took while that row was measured (mean over its runs); ` +
      `a latency series, or one run of a throughput or exec row, during which it was above ${pct(0.1)} was measured again (up to 3 times, in the first 130 s of the run) and the quietest attempt kept.`,
    '',
    '### Budgets',
    '',
    '| budget | limit | measured | holds |',
    '|---|---|---|---|',
  );
  for (const b of budgets(r)) out.push(`| ${b.name} | ${b.limit} | ${b.measured} | ${b.holds ? 'yes' : '**NO**'} |`);
  if (r.latency.length) {
    out.push(
      '',
      `### Latency (ms; ${r.latencySamples} requests per side after warm-up, one at a time, interleaved)`,
      '',
      ...(r.latency.some((l) => l.floor) ? ['"Floor proxy": the smallest Node.js HTTPS proxy (http-proxy with a keep-alive agent, `tests/bench/lib/mini-proxy.ts`) in its own process, in the same series.', ''] : []),
      ...latencyTable(r.latency, r.containers),
    );
  }
  if (r.throughput.length) {
    out.push(
      '',
      `### Throughput (requests/s; closed-loop clients, ${r.throughputRounds} rounds of ${(r.throughputRunMs / 1000).toFixed(1)} s per side, alternating)`,
      '',
      '| request | clients | direct req/s | proxy req/s | proxy/direct | other work |',
      '|---|---:|---:|---:|---:|---:|',
    );
  }
  for (const t of r.throughput) {
    out.push(`| ${label(t.path, r.containers)} | ${t.concurrency} | ${int(t.directRps)} | ${int(t.proxyRps)} | ${pct(t.proxyRps / t.directRps)} | ${other(t.other)} |`);
  }
  if (r.exec.length) {
    out.push(
      '',
      '### Exec stream throughput (`head -c N /dev/zero` in a container; clock from exec create to last byte)',
      '',
      '"Minimal bridge": the smallest Node.js exec bridge (`tests/bench/lib/mini-bridge.ts`: the hijacked engine socket to a WebSocket in the same wire format, each engine read passed on as it comes, same TLS and ws options) in its own process, in the same rounds.',
      '',
      '| stream | bytes per run | runs per side | direct (hijacked socket) MB/s | minimal bridge MB/s | Porthole bridge MB/s | bridge/direct | bridge/minimal | avg message (bridge) | other work |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
  }
  for (const e of r.exec) {
    const incomplete = [...e.direct, ...e.bridge, ...e.floor].some((s) => !s.complete) ? ' (a run was incomplete!)' : '';
    const chunks = e.bridge.reduce((a, s) => a + s.chunks, 0);
    const avg = chunks ? `${int(e.bridge.reduce((a, s) => a + s.bytes, 0) / chunks)} B` : '–';
    const floor = e.floorBps ?? Number.NaN;
    out.push(
      `| ${e.tty ? 'TTY' : 'non-TTY'}${incomplete} | ${int(e.bytes)} | ${e.direct.length} | ${mbps(e.directBps)} | ${mbps(floor)} | ${mbps(e.bridgeBps)} | ${pct(e.bridgeBps / e.directBps)} | ${pct(e.bridgeBps / floor)} | ${avg} | ${other(e.other)} |`,
    );
  }
  if (r.echo) {
    const { direct, bridge } = r.echo;
    out.push(
      '',
      `### Console keystroke echo (ms; ${r.echoKeystrokes} keystrokes per side, 25 ms apart, into \`stty raw -echo; cat\` in a TTY exec, one at a time, alternating)`,
      '',
      '| path | p50 | p90 | p99 | other work |',
      '|---|---:|---:|---:|---:|',
      `| straight on the engine's hijacked socket | ${ms(direct.p50)} | ${ms(direct.p90)} | ${ms(direct.p99)} | ${other(r.echo.other)} |`,
      `| Porthole's console (WebSocket, bridge.ts) | ${ms(bridge.p50)} | ${ms(bridge.p90)} | ${ms(bridge.p99)} | |`,
    );
  }
  if (r.memory) {
    const mem = r.memory;
    out.push(
      '',
      '### Proxy memory (child process, /proc/PID/status)',
      '',
      '| RSS at start | RSS after HTTP runs | RSS after exec streams | peak RSS (VmHWM) |',
      '|---:|---:|---:|---:|',
      `| ${mem.start.rssMiB.toFixed(0)} MiB | ${mem.afterHttp.rssMiB.toFixed(0)} MiB | ${mem.afterExec.rssMiB.toFixed(0)} MiB | ${mem.afterExec.hwmMiB.toFixed(0)} MiB |`,
    );
  }
  if (r.memoryLoad) {
    const m = r.memoryLoad;
    const f = (v: number): string => `${v.toFixed(1)} MiB`;
    out.push(
      '',
      `### Proxy memory under load (a fresh child: node dist/proxy/main.js; RSS from /proc, sampled every 50 ms)`,
      '',
      `| idle | ${m.clients} keep-alive clients (peak) | after they left | ${int(m.execBytes / 1e6)} MB exec stream (peak) | after it | peak RSS (VmHWM) |`,
      '|---:|---:|---:|---:|---:|---:|',
      `| ${f(m.idle.rssMiB)} | ${f(m.underClientsMiB)} | ${f(m.afterClients.rssMiB)} | ${f(m.underExecMiB)} | ${f(m.afterExec.rssMiB)} | ${f(m.afterExec.hwmMiB)} |`,
    );
    if (m.breakdown) {
      const b = m.breakdown;
      const row = (what: string, u: Usage): string =>
        `| ${what} | ${f(u.rss)} | ${f(u.anon)} | ${f(u.heapUsed)} / ${f(u.heapTotal)} | ${f(u.external)} | ${f(u.arrayBuffers)} | ${f(u.anon - u.heapTotal - u.external)} |`;
      out.push(
        '',
        'Where it is (`process.memoryUsage()` in the child every 100 ms, `tests/bench/lib/memory-log.mjs`; under load, the highest value of each column): "anon" is the RSS that is not node\'s mapped binary and libraries; "other native" is anon less the JavaScript heap and external memory: OpenSSL\'s per-connection state, libuv, and what glibc keeps after a free.',
        '',
        '| moment | RSS | anon | heap used / total | external | of which arrayBuffers | other native |',
        '|---|---:|---:|---:|---:|---:|---:|',
        row('idle', b.idle),
        row(`${m.clients} clients (peak)`, b.underClients),
        row('after them', b.afterClients),
        row(`${int(m.execBytes / 1e6)} MB exec (peak)`, b.underExec),
        row('after it', b.afterExec),
      );
    }
  }
  if (r.inProcessLatency.length) {
    out.push(
      '',
      '### For comparison: the proxy in the client\'s own process (one event loop for both; not the reported numbers)',
      '',
      ...latencyTable(r.inProcessLatency, r.containers),
    );
  }
  return out.join('\n');
}

/** Replaces what stands between the results markers of the doc (or appends a results section). */
export function writeResults(docPath: string, markdown: string): void {
  const block = `${START}\n${markdown}\n${END}`;
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  const next = a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + END.length) : `${doc.trimEnd()}\n\n## Results\n\n${block}\n`;
  writeFileSync(docPath, next);
}
