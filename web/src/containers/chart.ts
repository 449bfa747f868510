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
