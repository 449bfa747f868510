/**
 * Which rows of a long list to render: only those in (or near) the viewport, with the
 * list's full height kept so the scrollbar and scroll position stay true. Rows have one
 * fixed height (measured from a rendered row). Pure: the component feeds it numbers.
 */

export interface WindowInput {
  count: number;
  /** Pixels; ≤ 0 before a row has been measured. */
  rowHeight: number;
  /** Where the viewport starts, in pixels from the top of the list (negative when the list starts lower). */
  viewportTop: number;
  viewportHeight: number;
  /** Extra rows rendered above and below, so fast scrolling shows no gaps. */
  overscan: number;
  /** Short lists are rendered whole: cheaper than tracking, and searchable with Ctrl-F. */
  renderAllBelow: number;
  /** Rows rendered before the first measurement. */
  initialRows: number;
}

export interface WindowRange {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Space above the first rendered row. */
  padTop: number;
  /** Space below the last rendered row. */
  padBottom: number;
}

export function computeWindow(input: WindowInput): WindowRange {
  const { count, rowHeight } = input;
  if (count <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  if (count <= input.renderAllBelow) return { start: 0, end: count, padTop: 0, padBottom: 0 };
  if (!(rowHeight > 0)) {
    const end = Math.min(count, input.initialRows);
    return { start: 0, end, padTop: 0, padBottom: 0 };
  }
  const first = Math.floor(Math.max(0, input.viewportTop) / rowHeight);
  const last = Math.ceil(Math.max(0, input.viewportTop + input.viewportHeight) / rowHeight);
  const start = clamp(first - input.overscan, 0, count);
  const end = clamp(Math.max(last + input.overscan, start), 0, count);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** True when two ranges render the same rows with the same spacing (no re-render needed). */
export function sameWindow(a: WindowRange, b: WindowRange): boolean {
  return a.start === b.start && a.end === b.end && a.padTop === b.padTop && a.padBottom === b.padBottom;
}
