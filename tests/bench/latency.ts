// Latency: one request at a time, direct, proxied and (when given) floor-proxy requests interleaved (the order
// rotating every round) so all see the same machine load; p50/p99 of each side, the milliseconds the proxy adds
// and the ratio.
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
  /** The smallest Node.js HTTPS proxy (lib/mini-proxy.ts) in the same series, when measured. */
  floor: LatencySummary | null;
  /** Body size of one answer (direct), to show the two sides fetched the same thing. */
  bytes: number;
  proxyBytes: number;
}

async function timed(target: HttpTarget, path: string): Promise<{ ms: number; bytes: number }> {
  const t = now();
  const r = await getOk(target, path);
  return { ms: now() - t, bytes: r.bytes };
}

export async function measureLatency(direct: HttpTarget, proxy: HttpTarget, path: string, opts: LatencyOptions, floor: HttpTarget | null = null): Promise<LatencyResult> {
  const sides = floor ? [direct, proxy, floor] : [direct, proxy];
  for (let i = 0; i < opts.warmup; i++) for (const t of sides) await getOk(t, path);
  const samples = new Map<HttpTarget, number[]>(sides.map((t) => [t, []]));
  let bytes = 0;
  let proxyBytes = 0;
  const deadline = now() + opts.capMs;
  for (let i = 0; i < opts.samples && now() < deadline; i++) {
    for (let k = 0; k < sides.length; k++) {
      const target = sides[(i + k) % sides.length]!;
      const r = await timed(target, path);
      samples.get(target)!.push(r.ms);
      if (target === direct) bytes = r.bytes;
      if (target === proxy) proxyBytes = r.bytes;
    }
  }
  return {
    path,
    direct: summarize(samples.get(direct)!),
    proxy: summarize(samples.get(proxy)!),
    floor: floor ? summarize(samples.get(floor)!) : null,
    bytes,
    proxyBytes,
  };
}
