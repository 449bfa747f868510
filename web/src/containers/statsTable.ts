/**
 * The `docker stats` table: one row per running container from one-shot stats reads on a shared cadence,
 * CPU % from the counters of the previous read of the same container (a one-shot read carries no
 * precpu), sorted by any column. Pure.
 */
import { cpuPercent, toSample, type StatsJson, type StatsSample } from './stats';

/** One container's line: its latest sample, without the time. */
export interface StatsRow extends Omit<StatsSample, 'time'> {
  id: string;
  name: string;
}

/** A row from this read and the previous one of the same container (null for the first: CPU then reads 0). */
export function statsRow(id: string, name: string, json: StatsJson, previous: StatsJson | null, now: number): StatsRow {
  const sample = toSample(json, now);
  const cpu = json.precpu_stats?.system_cpu_usage ? cpuPercent(json) : previous ? cpuPercent({ cpu_stats: json.cpu_stats, precpu_stats: previous.cpu_stats }) : 0;
  const { time: _time, ...values } = sample;
  return { id, name, ...values, cpuPercent: cpu };
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
