// Throughput: closed-loop clients (each sends its next request when the last one answered) for a fixed time,
// direct and proxied runs alternating in rounds so both see the same machine load. Requests per second.
import { unguarded, type Guard } from './lib/background.ts';
import { getOk, type HttpTarget } from './lib/clients.ts';
import { now } from './lib/stats.ts';

export interface ThroughputOptions {
  concurrency: number;
  /** Rounds of (direct, proxy) runs; the order flips every round. */
  rounds: number;
  /** Length of one run. */
  runMs: number;
  /** Upper bound of requests in one run, whatever the time. */
  maxRequestsPerRun: number;
  warmupMs: number;
}

export interface ThroughputResult {
  /** Share of the CPUs other work took meanwhile (set by run.ts). */
  other?: number;
  path: string;
  concurrency: number;
  directRps: number;
  proxyRps: number;
  directRequests: number;
  proxyRequests: number;
}

async function closedLoop(target: HttpTarget, path: string, concurrency: number, runMs: number, max: number): Promise<{ requests: number; ms: number }> {
  const start = now();
  const end = start + runMs;
  let issued = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (now() < end && issued < max) {
      issued++;
      await getOk(target, path);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requests: done, ms: now() - start };
}

/** Rounds of one direct and one proxied run (order flipping each round); each run under `guard`. */
export async function measureThroughput(direct: HttpTarget, proxy: HttpTarget, path: string, opts: ThroughputOptions, guard: Guard = unguarded): Promise<ThroughputResult> {
  // Warm up at this concurrency: opens the sockets each side needs.
  await closedLoop(direct, path, opts.concurrency, opts.warmupMs, opts.maxRequestsPerRun);
  await closedLoop(proxy, path, opts.concurrency, opts.warmupMs, opts.maxRequestsPerRun);
  const total = { direct: { requests: 0, ms: 0 }, proxy: { requests: 0, ms: 0 }, floor: { requests: 0, ms: 0 } };
  let other = 0;
  for (let r = 0; r < opts.rounds; r++) {
    const order = r % 2 === 0 ? [direct, proxy] : [proxy, direct];
    for (const target of order) {
      const what = `throughput c=${opts.concurrency} ${target.label}`;
      const g = await guard(what, () => closedLoop(target, path, opts.concurrency, opts.runMs, opts.maxRequestsPerRun));
      total[target.label].requests += g.result.requests;
      total[target.label].ms += g.result.ms;
      other += g.other / (opts.rounds * 2);
    }
  }
  return {
    path,
    concurrency: opts.concurrency,
    directRps: (total.direct.requests / total.direct.ms) * 1000,
    proxyRps: (total.proxy.requests / total.proxy.ms) * 1000,
    directRequests: total.direct.requests,
    proxyRequests: total.proxy.requests,
    other,
  };
}
