import { describe, expect, test } from 'vitest';
import { sparkline } from './chart';
import { cpuPercent, createJsonLineDecoder, memoryUsed, pushSample, rates, toSample, type StatsJson, type StatsSample } from './stats';

describe('cpuPercent', () => {
  test.each<[string, StatsJson, number]>([
    [
      'one full CPU of four',
      { cpu_stats: { cpu_usage: { total_usage: 2e9 }, system_cpu_usage: 8e9, online_cpus: 4 }, precpu_stats: { cpu_usage: { total_usage: 1e9 }, system_cpu_usage: 4e9 } },
      100,
    ],
    [
      'percpu length when online_cpus is missing',
      { cpu_stats: { cpu_usage: { total_usage: 1.5e9, percpu_usage: [1, 1] }, system_cpu_usage: 4e9 }, precpu_stats: { cpu_usage: { total_usage: 1e9 }, system_cpu_usage: 2e9 } },
      50,
    ],
    ['no previous read', { cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 10, online_cpus: 1 }, precpu_stats: {} }, 0],
  ])('%s', (_name, stats, percent) => {
    expect(cpuPercent(stats)).toBeCloseTo(percent);
  });
});

test.each<[string, StatsJson, number]>([
  ['cgroup v2 subtracts inactive_file', { memory_stats: { usage: 1000, stats: { inactive_file: 300 } } }, 700],
  ['cgroup v1 subtracts total_inactive_file', { memory_stats: { usage: 1000, stats: { total_inactive_file: 200, cache: 400 } } }, 800],
  ['cgroup v1 without it subtracts cache', { memory_stats: { usage: 1000, stats: { cache: 400 } } }, 600],
  ['nothing to subtract', { memory_stats: { usage: 1000 } }, 1000],
  ['no memory stats', {}, 0],
])('memoryUsed: %s', (_name, stats, used) => {
  expect(memoryUsed(stats)).toBe(used);
});

test('toSample totals networks and block I/O', () => {
  const s = toSample(
    {
      read: '2024-01-01T00:00:01Z',
      memory_stats: { usage: 100, limit: 400 },
      networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 5 }, { op: 'write', value: 7 }, { op: 'Total', value: 12 }] },
      pids_stats: { current: 3 },
    },
    0,
  );
  expect(s).toEqual({ time: Date.parse('2024-01-01T00:00:01Z'), cpuPercent: 0, memUsed: 100, memLimit: 400, memPercent: 25, netRx: 11, netTx: 22, blkRead: 5, blkWrite: 7, pids: 3 });
});

const sample = (time: number, netRx: number): StatsSample => ({ time, cpuPercent: 0, memUsed: 0, memLimit: 0, memPercent: 0, netRx, netTx: 0, blkRead: 0, blkWrite: 0, pids: 0 });

test('pushSample caps the history', () => {
  let h: StatsSample[] = [];
  for (let i = 0; i < 10; i++) h = pushSample(h, sample(i, i), 4);
  expect(h.map((s) => s.time)).toEqual([6, 7, 8, 9]);
});

test('rates per second, a counter reset reads 0', () => {
  expect(rates([sample(0, 0), sample(1000, 100), sample(3000, 300), sample(4000, 10)], 'netRx')).toEqual([100, 100, 0]);
});

test('the JSON line decoder copes with lines split anywhere', () => {
  const text = '{"a":1}\n{"a":2}\n\n{"a":3}\n';
  const bytes = new TextEncoder().encode(text);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const d = createJsonLineDecoder<{ a: number }>();
    expect([...d.push(bytes.slice(0, cut)), ...d.push(bytes.slice(cut))].map((o) => o.a)).toEqual([1, 2, 3]);
  }
});

describe('sparkline', () => {
  test.each([
    ['empty', [], { width: 100, height: 10 }, { line: '', area: '' }],
    ['two points across the width', [0, 10], { width: 100, height: 10 }, { line: 'M0 10 L100 0', area: 'M0 10 L100 0 L100 10 L0 10 Z' }],
    ['a fixed max clamps', [0, 20], { width: 10, height: 10, max: 10 }, { line: 'M0 10 L10 0', area: 'M0 10 L10 0 L10 10 L0 10 Z' }],
    ['fewer values than slots sit at the right', [5, 5], { width: 30, height: 10, max: 10, slots: 4 }, { line: 'M20 5 L30 5', area: 'M20 5 L30 5 L30 10 L20 10 Z' }],
    ['one value draws a short flat line', [5], { width: 30, height: 10, max: 10, slots: 4 }, { line: 'M20 5 L30 5', area: 'M20 5 L30 5 L30 10 L20 10 Z' }],
    ['all zero stays at the bottom', [0, 0], { width: 10, height: 10 }, { line: 'M0 10 L10 10', area: 'M0 10 L10 10 L10 10 L0 10 Z' }],
  ])('%s', (_name, values, box, paths) => {
    expect(sparkline(values, box)).toEqual(paths);
  });
});
