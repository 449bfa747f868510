// Latency: one request at a time, direct and proxied requests interleaved (alternating which goes first)
// so both see the same machine load; p50/p99 of each side, the milliseconds the proxy adds and the ratio.
import { getOk, type HttpTarget } from './lib/clients.ts';
import { now, summarize, type LatencySummary } from './lib/stats.ts';

export interface LatencyOptions {
  warmup: number;
  samples: number;
  /** Stop sampling after this long even if `samples` is not reached. */
  capMs: number;
}

export interface LatencyResult {
  /** Share of the CPUs other work took meanwhile (set by run.ts). */
  other?: number;
  path: string;
  direct: LatencySummary;
  proxy: LatencySummary;
  /** Body size of one answer (direct), to show the two sides fetched the same thing. */
  bytes: number;
  proxyBytes: number;
}

async function timed(target: HttpTarget, path: string): Promise<{ ms: number; bytes: number }> {
  const t = now();
  const r = await getOk(target, path);
  return { ms: now() - t, bytes: r.bytes };
}

export async function measureLatency(direct: HttpTarget, proxy: HttpTarget, path: string, opts: LatencyOptions): Promise<LatencyResult> {
  for (let i = 0; i < opts.warmup; i++) {
    await getOk(direct, path);
    await getOk(proxy, path);
  }
  const d: number[] = [];
  const p: number[] = [];
  let bytes = 0;
  let proxyBytes = 0;
  const deadline = now() + opts.capMs;
  for (let i = 0; i < opts.samples && now() < deadline; i++) {
    const pair = i % 2 === 0 ? [direct, proxy] : [proxy, direct];
    for (const target of pair) {
      const r = await timed(target, path);
      if (target === direct) {
        d.push(r.ms);
        bytes = r.bytes;
      } else {
        p.push(r.ms);
        proxyBytes = r.bytes;
      }
    }
  }
  return { path, direct: summarize(d), proxy: summarize(p), bytes, proxyBytes };
}
