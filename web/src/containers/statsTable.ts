/**
 * The `docker stats` table: one row per running container from one-shot stats reads on a shared cadence,
 * CPU % from the counters of the previous read of the same container (a one-shot read carries no
 * precpu), sorted by any column. Pure.
 */
import { cpuPercent, toSample, type StatsJson } from './stats';

export interface StatsRow {
  id: string;
  name: string;
  cpuPercent: number;
  memUsed: number;
  /** The engine's limit (the host's memory when the container has none). */
  memLimit: number;
  memPercent: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
  pids: number;
}

/** A row from this read and the previous one of the same container (null for the first: CPU then reads 0). */
export function statsRow(id: string, name: string, json: StatsJson, previous: StatsJson | null, now: number): StatsRow {
  const sample = toSample(json, now);
  const cpu = json.precpu_stats?.system_cpu_usage ? cpuPercent(json) : previous ? cpuPercent({ cpu_stats: json.cpu_stats, precpu_stats: previous.cpu_stats }) : 0;
  return {
    id,
    name,
    cpuPercent: cpu,
    memUsed: sample.memUsed,
    memLimit: sample.memLimit,
    memPercent: sample.memPercent,
    netRx: sample.netRx,
    netTx: sample.netTx,
    blkRead: sample.blkRead,
    blkWrite: sample.blkWrite,
    pids: sample.pids,
  };
}

export type StatsSortKey = 'name' | 'cpu' | 'mem' | 'net' | 'io' | 'pids';

const value = (row: StatsRow, key: Exclude<StatsSortKey, 'name'>): number => {
  switch (key) {
    case 'cpu':
      return row.cpuPercent;
    case 'mem':
      return row.memUsed;
    case 'net':
      return row.netRx + row.netTx;
    case 'io':
      return row.blkRead + row.blkWrite;
    case 'pids':
      return row.pids;
  }
};

/** By the column, largest first for numbers (what uses most), names A→Z; ties by name. */
export function sortStatsRows(rows: readonly StatsRow[], key: StatsSortKey, descending = key !== 'name'): StatsRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const primary = key === 'name' ? a.name.localeCompare(b.name) : value(a, key) - value(b, key);
    return sign * primary || a.name.localeCompare(b.name);
  });
}
