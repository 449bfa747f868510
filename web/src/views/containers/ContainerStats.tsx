import { useQuery } from '@tanstack/solid-query';
import { Show, createMemo, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { memoryChartMax, niceBytesMax, niceMax, sparkline } from '../../containers/chart';
import { HISTORY_CAP, rates, type StatsSample } from '../../containers/stats';
import { bytesSize, humanSize, percent } from '../../engine/units';
import { containerDetailOptions } from '../../queries/containers';
import { createStatsStream } from '../../streams/statsStream';
import { StatChart } from './StatChart';
import '../../styles/containers-logs.css';
import '../../styles/containers-create.css';

const W = 200;
const H = 48;

/** A small area chart without axes (the list's sparklines). */
export function Chart(props: { values: readonly number[]; max?: number; minMax?: number; alt?: boolean; label: string; slots?: number; class?: string }): JSX.Element {
  const paths = createMemo(() => sparkline(props.values, { width: W, height: H, max: props.max, minMax: props.minMax, slots: props.slots ?? Math.min(HISTORY_CAP, Math.max(60, props.values.length)) }));
  return (
    <svg class={props.class ?? 'ct-chart'} classList={{ alt: props.alt === true }} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={props.label}>
      <path class="area" d={paths().area} />
      <path class="line" d={paths().line} />
    </svg>
  );
}

const SLOTS = 60;
const rate = (bytes: number): string => `${humanSize(bytes, 3)}/s`;

/**
 * Live CPU, memory, network, block I/O and PIDs of a running container from one stats stream, as docker
 * stats words them (MiB for memory, kB/MB for I/O), each over time with axes and a hover read-out.
 */
export default function ContainerStats(props: { engine: EngineRef; id: string; running: boolean }): JSX.Element {
  const stats = createStatsStream(() => (props.running ? { engine: props.engine, id: props.id } : null));
  // The page has it cached: the configured limit tells "no limit" (the engine then reports the host's memory).
  const inspect = useQuery(() => containerDetailOptions(props.engine, props.id));
  const configuredLimit = () => inspect.data?.HostConfig?.Memory ?? 0;
  const history = () => stats.history().slice(-SLOTS);
  const last = (): StatsSample | undefined => history()[history().length - 1];
  const times = createMemo(() => history().map((s) => s.time));
  const rateTimes = createMemo(() => times().slice(1));
  const cpu = createMemo(() => history().map((s) => s.cpuPercent));
  const mem = createMemo(() => history().map((s) => s.memUsed));
  const pids = createMemo(() => history().map((s) => s.pids));
  const rx = createMemo(() => rates(history(), 'netRx'));
  const tx = createMemo(() => rates(history(), 'netTx'));
  const rd = createMemo(() => rates(history(), 'blkRead'));
  const wr = createMemo(() => rates(history(), 'blkWrite'));
  const memScale = createMemo(() => memoryChartMax(configuredLimit(), last()?.memLimit ?? 0, mem()));
  const memText = () => {
    const l = last();
    if (!l) return '…';
    return memScale().limited ? `${bytesSize(l.memUsed)} of ${bytesSize(memScale().max)} (${percent((l.memUsed / memScale().max) * 100)})` : `${bytesSize(l.memUsed)} of no limit`;
  };
  return (
    <Show when={props.running} fallback={<p class="muted">Live stats while it runs.</p>}>
      <Show when={stats.error()}>{(e) => <p class="ct-status ct-status-error">{e()}</p>}</Show>
      <div
        class="ct-stats"
        data-testid="container-stats"
        data-samples={stats.history().length}
        data-cpu={(last()?.cpuPercent ?? 0).toFixed(1)}
        data-mem={last()?.memUsed ?? ''}
        data-pids={last()?.pids ?? ''}
        data-net-rx={last()?.netRx ?? ''}
        data-mem-max={memScale().max}
        data-mem-limited={memScale().limited}
      >
        <div class="ct-stat">
          <span class="ct-stat-label">CPU</span>
          <span class="ct-stat-value" data-testid="stats-cpu">{last() ? percent(last()!.cpuPercent) : '…'}</span>
          <StatChart label="CPU over time" testid="chart-cpu" series={[{ label: 'CPU', values: cpu(), tone: 'a' }]} times={times()} max={niceMax(Math.max(1, ...cpu()))} format={(v) => `${Number(v.toFixed(1))}%`} slots={SLOTS} />
        </div>
        <div class="ct-stat">
          <span class="ct-stat-label">Memory (without cache){memScale().limited ? ', of its limit' : ''}</span>
          <span class="ct-stat-value" data-testid="stats-memory">{memText()}</span>
          <StatChart label="Memory over time" testid="chart-memory" series={[{ label: 'used', values: mem(), tone: 'b' }]} times={times()} max={memScale().max} format={bytesSize} slots={SLOTS} />
        </div>
        <div class="ct-stat">
          <span class="ct-stat-label">Network in / out</span>
          <span class="ct-stat-value" data-testid="stats-net">{last() ? `${humanSize(last()!.netRx, 3)} / ${humanSize(last()!.netTx, 3)}` : '…'}</span>
          <StatChart
            label="Network per second"
            testid="chart-net"
            series={[
              { label: 'in', values: rx(), tone: 'a' },
              { label: 'out', values: tx(), tone: 'b' },
            ]}
            times={rateTimes()}
            max={niceBytesMax(Math.max(0, ...rx(), ...tx()))}
            format={rate}
            slots={SLOTS - 1}
          />
        </div>
        <div class="ct-stat">
          <span class="ct-stat-label">Block read / write</span>
          <span class="ct-stat-value" data-testid="stats-blk">{last() ? `${humanSize(last()!.blkRead, 3)} / ${humanSize(last()!.blkWrite, 3)}` : '…'}</span>
          <StatChart
            label="Block I/O per second"
            testid="chart-blk"
            series={[
              { label: 'read', values: rd(), tone: 'a' },
              { label: 'write', values: wr(), tone: 'b' },
            ]}
            times={rateTimes()}
            max={niceBytesMax(Math.max(0, ...rd(), ...wr()))}
            format={rate}
            slots={SLOTS - 1}
          />
        </div>
        <div class="ct-stat">
          <span class="ct-stat-label">PIDs</span>
          <span class="ct-stat-value" data-testid="stats-pids">{last() ? String(last()!.pids) : '…'}</span>
          <StatChart label="Processes over time" testid="chart-pids" series={[{ label: 'PIDs', values: pids(), tone: 'a' }]} times={times()} max={niceMax(Math.max(1, ...pids()))} format={(v) => String(Math.round(v * 10) / 10)} slots={SLOTS} />
        </div>
      </div>
    </Show>
  );
}
