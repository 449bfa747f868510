import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { indexAt, sparkline } from '../../containers/chart';
import '../../styles/containers-logs.css';

export interface Series {
  label: string;
  values: readonly number[];
  /** Colour slot: 'a' (accent) or 'b' (brass). */
  tone: 'a' | 'b';
}

const W = 300;
const H = 80;

/**
 * A chart with its axes: the value scale at the left (0, half, top, in the chart's unit), the time span
 * below, and a read-out of the hovered (or touched) sample: its time and each series' value.
 */
export function StatChart(props: {
  label: string;
  series: readonly Series[];
  /** The sample times (ms), one per value of each series. */
  times: readonly number[];
  max: number;
  format: (value: number) => string;
  slots: number;
  testid?: string;
}): JSX.Element {
  const [hover, setHover] = createSignal<number | null>(null);
  const count = () => props.series[0]?.values.length ?? 0;
  const paths = createMemo(() => props.series.map((s) => ({ tone: s.tone, ...sparkline(s.values, { width: W, height: H, max: props.max, slots: props.slots }) })));
  const span = () => {
    const t = props.times;
    return t.length > 1 ? Math.round((t[t.length - 1]! - t[0]!) / 1000) : 0;
  };
  const move = (event: PointerEvent) => {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    setHover(indexAt(((event.clientX - box.left) / box.width) * W, W, count(), props.slots));
  };
  const readout = () => {
    const i = hover() ?? count() - 1;
    if (i < 0 || count() === 0) return null;
    const time = props.times[i];
    return { time: time ? new Date(time).toLocaleTimeString() : '', values: props.series.map((s) => `${s.label} ${props.format(s.values[i] ?? 0)}`) };
  };
  const xOf = (i: number) => {
    const s = Math.max(props.slots, count());
    const step = s > 1 ? 100 / (s - 1) : 0;
    return (s - count()) * step + i * step;
  };
  return (
    <figure class="st-chart" data-testid={props.testid} aria-label={props.label}>
      <figcaption class="st-readout" data-testid={props.testid ? `${props.testid}-readout` : undefined} data-hover={hover() !== null}>
        <Show when={readout()} fallback={<span class="muted">no samples yet</span>}>
          {(r) => (
            <>
              <span class="muted">{r().time}</span>
              <For each={r().values}>{(v, i) => <span class="st-value" data-tone={props.series[i()]?.tone}>{v}</span>}</For>
            </>
          )}
        </Show>
      </figcaption>
      <div class="st-body">
        <div class="st-y" aria-hidden="true">
          <span>{props.format(props.max)}</span>
          <span>{props.format(props.max / 2)}</span>
          <span>{props.format(0)}</span>
        </div>
        <div class="st-plot" onPointerMove={move} onPointerDown={move} onPointerLeave={() => setHover(null)}>
          <svg class="st-svg" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={props.label}>
            <line class="st-grid" x1="0" x2={W} y1={H / 2} y2={H / 2} />
            <For each={paths()}>
              {(p) => (
                <g data-tone={p.tone}>
                  <path class="area" d={p.area} />
                  <path class="line" d={p.line} />
                </g>
              )}
            </For>
          </svg>
          <Show when={hover() !== null}>
            <div class="st-cursor" style={{ left: `${xOf(hover()!)}%` }} />
          </Show>
        </div>
      </div>
      <div class="st-x" aria-hidden="true">
        <span>{span() ? `${span()} s ago` : ''}</span>
        <span>now</span>
      </div>
    </figure>
  );
}
