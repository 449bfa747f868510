import { onCleanup, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { createSlots, createStatsStream } from '../../streams/statsStream';
import { Chart } from './ContainerStats';
import '../../styles/containers-create.css';
import '../../styles/containers-logs.css';

/**
 * At most this many list rows stream stats at once: the proxy speaks HTTP/1.1, and browsers open
 * about six connections per origin (the events stream and the list's queries need theirs).
 */
export const ROW_STREAMS = 3;
const slots = createSlots(ROW_STREAMS);

/** A CPU sparkline for a visible running row: its stream opens while the row is on screen. */
export default function RowSpark(props: { engine: EngineRef; id: string }): JSX.Element {
  const id = props.id;
  slots.acquire(id);
  onCleanup(() => slots.release(id));
  const stats = createStatsStream(() => (slots.has(id) ? { engine: props.engine, id } : null), 30);
  const last = () => stats.history()[stats.history().length - 1]?.cpuPercent;
  return (
    <span class="ct-row-spark" data-testid="row-spark" data-live={slots.has(id) ? 'yes' : 'no'} title={last() === undefined ? 'CPU' : `CPU ${last()?.toFixed(1)} %`}>
      <Chart class="ct-chart ct-spark" values={stats.history().map((s) => s.cpuPercent)} minMax={100} slots={30} label="CPU" />
    </span>
  );
}
