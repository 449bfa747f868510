/**
 * SVG paths for small charts, written by hand: a sparkline and the area under it. Pure: values in,
 * path strings out. Points spread over the width by `slots` (the history cap), newest at the right.
 */

export interface ChartBox {
  width: number;
  height: number;
  /** The value at the top; defaults to the largest value (at least `minMax`). */
  max?: number;
  minMax?: number;
  /** How many points fill the width; defaults to the number of values. */
  slots?: number;
}

export interface ChartPaths {
  line: string;
  area: string;
}

const r = (n: number): string => String(Math.round(n * 10) / 10);

export function sparkline(values: readonly number[], box: ChartBox): ChartPaths {
  if (values.length === 0) return { line: '', area: '' };
  const max = box.max ?? Math.max(box.minMax ?? 0, ...values);
  const slots = Math.max(box.slots ?? values.length, values.length);
  const step = slots > 1 ? box.width / (slots - 1) : 0;
  const offset = (slots - values.length) * step;
  const points = values.map((v, i) => {
    const fraction = max > 0 ? Math.min(1, Math.max(0, v / max)) : 0;
    return [offset + i * step, box.height - fraction * box.height] as const;
  });
  if (points.length === 1) {
    const [, y] = points[0] as readonly [number, number];
    points.unshift([Math.max(0, offset - step || 0), y]);
  }
  const line = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${r(x)} ${r(y)}`).join(' ');
  const first = points[0] as readonly [number, number];
  const last = points[points.length - 1] as readonly [number, number];
  const area = `${line} L${r(last[0])} ${r(box.height)} L${r(first[0])} ${r(box.height)} Z`;
  return { line, area };
}

/** A round top for an axis: 1, 2, 5 × 10ⁿ at or above `value` (1 for nothing). */
export function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  const f = value / exp;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * exp;
}

/** A round top for bytes: 1, 2, 5 × 10ⁿ of the binary unit the value is in (512 KiB, 2 MiB, 1 GiB). */
export function niceBytesMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1024;
  const unit = 1024 ** Math.max(0, Math.floor(Math.log(value) / Math.log(1024)));
  const top = niceMax(value / unit) * unit;
  // 1000 KiB reads better as 1 MiB.
  return top >= unit * 1000 ? unit * 1024 : top;
}

/**
 * The memory chart's top: the container's limit when it has one (the engine reports the host's memory as
 * `limit` when there is none, so that is never used), else a round top over its own values.
 */
export function memoryChartMax(configuredLimit: number, statsLimit: number, values: readonly number[]): { max: number; limited: boolean } {
  if (configuredLimit > 0) return { max: statsLimit > 0 ? Math.min(configuredLimit, statsLimit) : configuredLimit, limited: true };
  return { max: niceBytesMax(Math.max(0, ...values)), limited: false };
}

/** The sample under x (0…width) in a chart drawn by sparkline() with the same count and slots; null when none. */
export function indexAt(x: number, width: number, count: number, slots?: number): number | null {
  if (count === 0 || width <= 0) return null;
  const s = Math.max(slots ?? count, count);
  if (s <= 1) return 0;
  const step = width / (s - 1);
  const offset = (s - count) * step;
  const i = Math.round((x - offset) / step);
  return Math.min(count - 1, Math.max(0, i));
}
