import { Show, createMemo, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { sparkline } from '../../containers/chart';
import { HISTORY_CAP, rates, type StatsSample } from '../../containers/stats';
import { formatBytes } from '../../engine/format';
import { createStatsStream } from '../../streams/statsStream';
import '../../styles/containers-logs.css';

const W = 200;
const H = 48;

/** A small area chart; paths come from the pure builder. */
export function Chart(props: { values: readonly number[]; max?: number; minMax?: number; alt?: boolean; label: string; slots?: number; class?: string }): JSX.Element {
  const paths = createMemo(() => sparkline(props.values, { width: W, height: H, max: props.max, minMax: props.minMax, slots: props.slots ?? Math.min(HISTORY_CAP, Math.max(60, props.values.length)) }));
  return (
    <svg class={props.class ?? 'ct-chart'} classList={{ alt: props.alt === true }} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={props.label}>
      <path class="area" d={paths().area} />
      <path class="line" d={paths().line} />
    </svg>
  );
}

const rate = (bytes: number): string => `${formatBytes(bytes)}/s`;

/** Live CPU, memory, network and block I/O of a running container, from one stats stream. */
export default function ContainerStats(props: { engine: EngineRef; id: string; running: boolean }): JSX.Element {
  const stats = createStatsStream(() => (props.running ? { engine: props.engine, id: props.id } : null));
  const last = (): StatsSample | undefined => stats.history()[stats.history().length - 1];
  const cpu = createMemo(() => stats.history().map((s) => s.cpuPercent));
  const mem = createMemo(() => stats.history().map((s) => s.memUsed));
  const rx = createMemo(() => rates(stats.history(), 'netRx'));
  const tx = createMemo(() => rates(stats.history(), 'netTx'));
  const rd = createMemo(() => rates(stats.history(), 'blkRead'));
  const wr = createMemo(() => rates(stats.history(), 'blkWrite'));
  const tail = (values: readonly number[]): number => values[values.length - 1] ?? 0;
  return (
    <Show when={props.running} fallback={<p class="muted">Live stats while it runs.</p>}>
      <Show when={stats.error()}>{(e) => <p class="ct-status ct-status-error">{e()}</p>}</Show>
      <div class="ct-stats" data-testid="container-stats" data-samples={stats.history().length} data-cpu={(last()?.cpuPercent ?? 0).toFixed(1)}>
        <div class="ct-stat">
          <span class="ct-stat-label">CPU</span>
          <span class="ct-stat-value" data-testid="stats-cpu">{last() ? `${(last()?.cpuPercent ?? 0).toFixed(1)} %` : '…'}</span>
          <Chart values={cpu()} minMax={100} label="CPU over time" />
        </div>
        <div class="ct-stat">
          <span class="ct-stat-label">Memory (without cache)</span>
          <span class="ct-stat-value" data-testid="stats-memory">
            {last() ? `${formatBytes(last()?.memUsed ?? 0)} of ${formatBytes(last()?.memLimit ?? 0)} (${(last()?.memPercent ?? 0).toFixed(1)} %)` : '…'}
          </span>
          <Chart values={mem()} max={last()?.memLimit || undefined} label="Memory over time" alt />
        </div>
        <div class="ct-stat">
          <span class="ct-stat-label">Network in / out</span>
          <span class="ct-stat-value" data-testid="stats-net">{last() ? `${rate(tail(rx()))} / ${rate(tail(tx()))}` : '…'}</span>
          <Chart values={rx()} minMax={1024} label="Network received per second" />
          <span class="muted ct-hint">total {formatBytes(last()?.netRx ?? 0)} in, {formatBytes(last()?.netTx ?? 0)} out</span>
        </div>
        <div class="ct-stat">
          <span class="ct-stat-label">Disk read / write</span>
          <span class="ct-stat-value" data-testid="stats-blk">{last() ? `${rate(tail(rd()))} / ${rate(tail(wr()))}` : '…'}</span>
          <Chart values={wr()} minMax={1024} label="Disk written per second" alt />
          <span class="muted ct-hint">{last()?.pids ?? 0} processes</span>
        </div>
      </div>
    </Show>
  );
}
