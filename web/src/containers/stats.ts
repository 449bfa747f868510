/**
 * GET /containers/ID/stats as numbers for people, computed like the docker CLI: CPU % from the
 * deltas against the previous read, memory without the page cache (inactive_file on cgroup v2,
 * cache on v1), network and block I/O totals, and rates between samples. Pure.
 */

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** One JSON object of the stats stream (only what is read). */
export interface StatsJson {
  read?: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> | null };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }> | null;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null } | null;
  pids_stats?: { current?: number };
}

export interface StatsSample {
  /** ms since the epoch. */
  time: number;
  /** 100 = one full CPU; up to online CPUs × 100. */
  cpuPercent: number;
  memUsed: number;
  memLimit: number;
  memPercent: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
  pids: number;
}

/** (cpu_delta / system_delta) × online_cpus × 100, 0 when there is no previous read. */
export function cpuPercent(stats: StatsJson): number {
  const cpu = stats.cpu_stats;
  const pre = stats.precpu_stats;
  const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
  const online = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
  if (!pre?.system_cpu_usage || systemDelta <= 0 || cpuDelta < 0) return 0;
  return (cpuDelta / systemDelta) * online * 100;
}

/** Usage minus cache, as `docker stats` shows it. */
export function memoryUsed(stats: StatsJson): number {
  const mem = stats.memory_stats;
  const usage = mem?.usage ?? 0;
  const s = mem?.stats ?? {};
  const cache = s['total_inactive_file'] !== undefined && s['total_inactive_file'] < usage
    ? s['total_inactive_file']
    : s['inactive_file'] !== undefined && s['inactive_file'] < usage
      ? s['inactive_file']
      : (s['cache'] ?? 0) < usage
        ? (s['cache'] ?? 0)
        : 0;
  return Math.max(0, usage - cache);
}

export function toSample(stats: StatsJson, fallbackTime: number): StatsSample {
  const parsed = stats.read ? Date.parse(stats.read) : NaN;
  // A stopped container reports the zero time.
  const time = Number.isFinite(parsed) && parsed > 0 ? parsed : fallbackTime;
  const memUsed = memoryUsed(stats);
  const memLimit = stats.memory_stats?.limit ?? 0;
  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(stats.networks ?? {})) {
    netRx += n.rx_bytes ?? 0;
    netTx += n.tx_bytes ?? 0;
  }
  let blkRead = 0;
  let blkWrite = 0;
  for (const row of stats.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (row.op ?? '').toLowerCase();
    if (op === 'read') blkRead += row.value ?? 0;
    if (op === 'write') blkWrite += row.value ?? 0;
  }
  return {
    time,
    cpuPercent: cpuPercent(stats),
    memUsed,
    memLimit,
    memPercent: memLimit > 0 ? (memUsed / memLimit) * 100 : 0,
    netRx,
    netTx,
    blkRead,
    blkWrite,
    pids: stats.pids_stats?.current ?? 0,
  };
}

export const HISTORY_CAP = 300;

/** The history with `sample` added, the oldest dropped beyond `cap`. */
export function pushSample(history: readonly StatsSample[], sample: StatsSample, cap = HISTORY_CAP): StatsSample[] {
  const next = history.length >= cap ? history.slice(history.length - cap + 1) : history.slice();
  next.push(sample);
  return next;
}

type Counter = 'netRx' | 'netTx' | 'blkRead' | 'blkWrite';

/** Bytes per second of a counter between consecutive samples (one value fewer than samples; resets read as 0). */
export function rates(history: readonly StatsSample[], key: Counter): number[] {
  const out: number[] = [];
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1] as StatsSample;
    const b = history[i] as StatsSample;
    const seconds = (b.time - a.time) / 1000;
    out.push(seconds > 0 && b[key] >= a[key] ? (b[key] - a[key]) / seconds : 0);
  }
  return out;
}

/** Newline-delimited JSON, decoded as chunks arrive (a line may be split anywhere). */
export function createJsonLineDecoder<T>() {
  const decoder = new TextDecoder();
  let rest = '';
  return {
    push(chunk: Uint8Array): T[] {
      rest += decoder.decode(chunk, { stream: true });
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      const out: T[] = [];
      for (const line of lines) {
        const text = line.trim();
        if (!text) continue;
        try {
          out.push(JSON.parse(text) as T);
        } catch {
          // A broken line is skipped; the next one carries full counters again.
        }
      }
      return out;
    },
  };
}
