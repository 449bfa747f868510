import { describe, expect, test } from 'vitest';
import type { StatsJson } from './stats';
import { sortStatsRows, statsRow, type StatsRow } from './statsTable';

const json = (total: number, system: number, extra: Partial<StatsJson> = {}): StatsJson => ({
  read: '2024-05-01T10:00:00Z',
  cpu_stats: { cpu_usage: { total_usage: total }, system_cpu_usage: system, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 0 } },
  memory_stats: { usage: 10 * 1024 ** 2, limit: 100 * 1024 ** 2, stats: { inactive_file: 2 * 1024 ** 2 } },
  pids_stats: { current: 3 },
  ...extra,
});

describe('statsRow', () => {
  test('a one-shot read: CPU from the previous read of the same container', () => {
    const first = statsRow('a', 'web', json(1_000, 10_000), null, 0);
    expect(first.cpuPercent).toBe(0);
    const second = statsRow('a', 'web', json(1_500, 12_000), json(1_000, 10_000), 0);
    // 500 / 2000 × 2 CPUs × 100
    expect(second.cpuPercent).toBeCloseTo(50);
    expect(second.memUsed).toBe(8 * 1024 ** 2);
    expect(second.memPercent).toBeCloseTo(8);
    expect(second.pids).toBe(3);
  });

  test('a streamed read with its own precpu uses that', () => {
    const row = statsRow('a', 'web', json(1_500, 12_000, { precpu_stats: { cpu_usage: { total_usage: 1_400 }, system_cpu_usage: 11_000 } }), null, 0);
    expect(row.cpuPercent).toBeCloseTo(20);
  });
});

describe('sortStatsRows', () => {
  const row = (name: string, cpu: number, mem: number, net: number, io: number): StatsRow => ({
    id: name, name, cpuPercent: cpu, memUsed: mem, memLimit: 0, memPercent: 0, netRx: net, netTx: 0, blkRead: io, blkWrite: 0, pids: 1,
  });
  const rows = [row('b', 5, 300, 1, 9), row('a', 50, 100, 3, 1), row('c', 20, 200, 2, 5)];
  test.each([
    ['cpu', ['a', 'c', 'b']],
    ['mem', ['b', 'c', 'a']],
    ['net', ['a', 'c', 'b']],
    ['io', ['b', 'c', 'a']],
    ['name', ['a', 'b', 'c']],
  ] as const)('by %s', (key, names) => {
    expect(sortStatsRows(rows, key).map((r) => r.name)).toEqual(names);
  });
  test('ascending on request', () => {
    expect(sortStatsRows(rows, 'cpu', false).map((r) => r.name)).toEqual(['b', 'c', 'a']);
  });
});
